// The Prisma 6.19.3 CLI (package alias `prisma6`) that runs the migrations offline, with
// prisma/migrate.config.ts (see there and docs/decisions/0008-prisma-7-node-22.md for why).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const cli = path.join(root, "node_modules/prisma6/build/index.js");
const config = path.join(root, "prisma/migrate.config.ts");

/**
 * A copy of a Prisma 7 schema (no `url` in its datasource block, as Prisma 7 requires) with
 * `url = env("DATABASE_URL")` added, as the 6.x CLI requires; returns the copy's path. The copy
 * is named by its content, so concurrent callers write identical files and never a half-written one.
 */
export function schemaWithDatasourceUrl(schemaPath) {
  const text = fs.readFileSync(schemaPath, "utf8");
  const withUrl = /datasource\s+\w+\s*\{[^}]*\burl\s*=/.test(text)
    ? text
    : text.replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*"[^"]+")/, '$1\n  url      = env("DATABASE_URL")');
  if (!/datasource\s+\w+\s*\{[^}]*\burl\s*=/.test(withUrl)) throw new Error(`${schemaPath}: no datasource block with a provider`);
  const copy = path.join(os.tmpdir(), `prisma6-schema-${createHash("sha256").update(withUrl).digest("hex").slice(0, 16)}.prisma`);
  if (!fs.existsSync(copy)) {
    const partial = `${copy}.${process.pid}.tmp`;
    fs.writeFileSync(partial, withUrl);
    fs.renameSync(partial, copy);
  }
  return copy;
}

/** Runs `prisma migrate <args>` of the 6.x CLI with prisma/migrate.config.ts; options go to execFileSync. */
export function prismaMigrate(args, options = {}) {
  return execFileSync(process.execPath, [cli, "migrate", ...args, "--config", config], { cwd: root, ...options });
}
