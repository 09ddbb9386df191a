// Offline replacement for `prisma migrate dev` (which needs a shadow database and a native engine).
// Usage: npm run db:new-migration <snake_case_name>
// Diffs the schema as it was at the last migration (schema.snapshot.prisma in each migrations
// folder) against the current one, for SQLite and PostgreSQL, and writes both migrations.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prismaMigrate, schemaWithDatasourceUrl } from "./lib/prisma6.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:new-migration <snake_case_name>");
execFileSync(process.execPath, ["scripts/gen-pg-schema.mjs"], { stdio: "inherit" });

// Diffing two datamodels needs no database, but the config's adapter must open, so both use a file URL.
const diffUrl = "file:./prisma/.migration-diff.sqlite";
const targets = [
  { dir: "prisma/migrations", schema: "prisma/schema.prisma", provider: "sqlite" },
  { dir: "prisma/postgres/migrations", schema: "prisma/postgres/schema.prisma", provider: "postgresql" },
];
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const target of targets) {
  fs.mkdirSync(target.dir, { recursive: true });
  const snapshot = path.join(target.dir, "schema.snapshot.prisma");
  const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", schemaWithDatasourceUrl(snapshot)] : ["--from-empty"];
  const sql = prismaMigrate(
    ["diff", ...from, "--to-schema-datamodel", schemaWithDatasourceUrl(target.schema), "--script"],
    { env: { ...process.env, DATABASE_URL: diffUrl }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (/^-- This is an empty migration\./m.test(sql) || sql.trim() === "") {
    console.log(`${target.provider}: no changes`);
    continue;
  }
  const out = path.join(target.dir, `${stamp}_${name}`);
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, "migration.sql"), sql);
  fs.writeFileSync(path.join(target.dir, "migration_lock.toml"), `provider = "${target.provider}"\n`);
  fs.copyFileSync(target.schema, snapshot);
  console.log(`${target.provider}: wrote ${out}/migration.sql`);
}
fs.rmSync("prisma/.migration-diff.sqlite", { force: true });
