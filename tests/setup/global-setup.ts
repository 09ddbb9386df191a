// Runs once per vitest run: migrates a template SQLite database with the real migrations.
// Each test worker then starts from its own copy (tests/setup/test-env.ts). The folder is
// per run, so two runs in one checkout never share or delete each other's databases.
import fs from "node:fs";
import path from "node:path";
import { prismaMigrate } from "../../scripts/lib/prisma6.mjs";

export default function setup() {
  const dir = path.resolve(`.tmp/test-db/run-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  prismaMigrate(["deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.sqlite")}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Workers inherit the environment of the process that started them.
  process.env.TEST_DB_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
