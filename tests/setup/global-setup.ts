// Runs once before the vitest run: migrates a template SQLite database with the real
// migrations. Each test worker then starts from its own copy (tests/setup/test-env.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TEST_DB_DIR = path.resolve(".tmp/test-db");
export const TEMPLATE_DB = path.join(TEST_DB_DIR, "template.sqlite");

export default function setup() {
  fs.rmSync(TEST_DB_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEST_DB_DIR, { recursive: true });
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
