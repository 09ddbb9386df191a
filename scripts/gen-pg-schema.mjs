// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (see scripts/lib/pg-schema.mjs).
// A PostgreSQL deployment runs this, then `prisma generate` and `prisma migrate deploy` with its
// postgresql:// DATABASE_URL (README, "Deploying").
import fs from "node:fs";
import { derivePostgresSchema } from "./lib/pg-schema.mjs";

fs.mkdirSync("prisma/postgres", { recursive: true });
fs.writeFileSync("prisma/postgres/schema.prisma", derivePostgresSchema(fs.readFileSync("prisma/schema.prisma", "utf8")));
console.log("wrote prisma/postgres/schema.prisma");
