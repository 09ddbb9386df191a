// Refreshes the vendored Shopify Admin GraphQL schema used by the Admin API twin.
// Provenance: the introspection results ship in the npm package @shopify/dev-mcp (ISC licence),
// under dist/data/admin_<version>.json.gz. We vendor the file so tests and the demo need no
// extra install step; run `npm run twin:schema [version] [dev-mcp version]` to refresh it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const apiVersion = process.argv[2] ?? "2026-10";
const packageVersion = process.argv[3] ?? "1.16.0";
const outDir = path.resolve("tests/shopify-twin/schema");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "dev-mcp-"));

execFileSync("npm", ["pack", `@shopify/dev-mcp@${packageVersion}`, "--silent"], { cwd: work, stdio: ["ignore", "pipe", "inherit"] });
const tarball = fs.readdirSync(work).find((f) => f.endsWith(".tgz"));
if (!tarball) throw new Error("npm pack produced no tarball");
const member = `package/dist/data/admin_${apiVersion}.json.gz`;
execFileSync("tar", ["xzf", tarball, member], { cwd: work });

fs.mkdirSync(outDir, { recursive: true });
const target = path.join(outDir, `admin_${apiVersion}.json.gz`);
fs.copyFileSync(path.join(work, member), target);
fs.writeFileSync(
  path.join(outDir, `admin_${apiVersion}.provenance.json`),
  JSON.stringify(
    { source: `npm:@shopify/dev-mcp@${packageVersion}`, file: member.replace(/^package\//, ""), license: "ISC", apiVersion },
    null,
    2,
  ) + "\n",
);
fs.rmSync(work, { recursive: true, force: true });
console.log(`wrote ${path.relative(process.cwd(), target)}`);
