// Prisma 7's CLI: `prisma generate` (and validate, format). Migrations run through the 6.19.3 CLI
// with prisma/migrate.config.ts (scripts/migrate.mjs, docs/decisions/0008-prisma-7-node-22.md):
// Prisma 7's migrate needs a native schema engine that cannot be downloaded offline.
import { defineConfig } from "prisma/config";
import { migrations, schema, url } from "./prisma/target";

export default defineConfig({
  schema,
  migrations: { path: migrations },
  datasource: { url },
});
