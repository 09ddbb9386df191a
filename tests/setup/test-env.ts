// Runs in every test worker before any test file is imported: the environment the app
// validates at boot, and a private copy of the migrated database for this worker.
import fs from "node:fs";
import path from "node:path";

const dir = process.env.TEST_DB_DIR;
if (!dir) throw new Error("TEST_DB_DIR is not set: tests/setup/global-setup.ts did not run");
const workerDb = path.join(dir, `worker-${process.env.VITEST_POOL_ID ?? "0"}-${process.pid}.sqlite`);
if (!fs.existsSync(workerDb)) fs.copyFileSync(path.join(dir, "template.sqlite"), workerDb);

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = `file:${workerDb}`;
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "https://scim-app.test";
process.env.LOG_LEVEL ??= "silent";
