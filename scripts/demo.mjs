// `npm run demo`: the app for real on the embedded default, ready to curl.
// Prepares the SQLite database, builds the app if needed, starts the Shopify Admin API twin and
// the app on loopback, installs DEMO_SHOPS shops through the real token-exchange path, turns SCIM
// on, issues a SCIM token through the admin's own action, prints six lines per shop, and runs
// until interrupted. The same lines are written to .demo/credentials.env for scripts and tests.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BROWSER_USER_AGENT, adminUrl, mintSessionToken } from "./lib/session-token.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
// DEMO_DIR keeps a second instance (the end-to-end tests) apart from a developer's demo.
const demoDir = path.resolve(process.env.DEMO_DIR ?? ".demo");
fs.mkdirSync(demoDir, { recursive: true });
const outputFile = path.join(demoDir, "credentials.env");
fs.rmSync(outputFile, { force: true });

const port = Number(process.env.PORT ?? 3000);
const twinPort = Number(process.env.SHOPIFY_TWIN_PORT ?? 4100);
const shopCount = Number(process.env.DEMO_SHOPS ?? 1);
const appUrl = `http://127.0.0.1:${port}`;
const twinUrl = `http://127.0.0.1:${twinPort}`;
const apiVersion = "2026-10";
if (!Number.isInteger(shopCount) || shopCount < 1) throw new Error("DEMO_SHOPS must be a whole number ≥ 1");

// The app's client credentials, generated once per checkout: the twin plays Shopify and must
// know them to sign session tokens and check token exchanges, exactly as Shopify does.
const credentialsFile = path.join(demoDir, "app-credentials.json");
if (!fs.existsSync(credentialsFile)) {
  const { randomBytes } = await import("node:crypto");
  fs.writeFileSync(
    credentialsFile,
    JSON.stringify({ apiKey: `demo-${randomBytes(8).toString("hex")}`, apiSecret: randomBytes(32).toString("hex") }),
    { mode: 0o600 },
  );
}
const { apiKey, apiSecret } = JSON.parse(fs.readFileSync(credentialsFile, "utf8"));

const env = {
  ...process.env,
  NODE_ENV: "development",
  PORT: String(port),
  HOST: "127.0.0.1",
  DATABASE_URL: process.env.DATABASE_URL ?? `file:${path.join(demoDir, "app.sqlite")}`,
  SHOPIFY_API_KEY: apiKey,
  SHOPIFY_API_SECRET: apiSecret,
  SHOPIFY_APP_URL: appUrl,
  // Required scopes (shopify.app.toml) for the app and the twin; the optional ones only the twin
  // needs to know: the merchant grants them from the admin (App Bridge shopify.scopes.request).
  SCOPES: process.env.SCOPES ?? "read_customers,write_customers,write_validations",
  OPTIONAL_SCOPES: process.env.OPTIONAL_SCOPES ?? "write_customer_data_erasure",
  // Read by the twin's preload, which the app is started with (below), never by the app itself.
  SHOPIFY_ADMIN_TWIN_URL: twinUrl,
  // The twin serves the App Bridge stand-in; the app's pages load it from there.
  APP_BRIDGE_URL: `${twinUrl}/app-bridge.js`,
  SHOPIFY_TWIN_PORT: String(twinPort),
  SHOPIFY_TWIN_STATE_FILE: process.env.SHOPIFY_TWIN_STATE_FILE ?? path.join(demoDir, "twin-state.json"),
};

function step(message) {
  process.stderr.write(`[demo] ${message}\n`);
}

// Setup steps are quiet unless they fail; then their output explains why.
function run(command, args) {
  try {
    execFileSync(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw new Error(`${command} ${args.join(" ")} failed`);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const children = [];
function start(name, command, args) {
  const log = fs.openSync(path.join(demoDir, `${name}.log`), "a");
  const child = spawn(command, args, { env, stdio: ["ignore", log, log] });
  child.on("exit", (code, signal) => {
    if (!shuttingDown) {
      step(`${name} exited (${signal ?? code}); see ${path.join(demoDir, `${name}.log`)}`);
      shutdown(1);
    }
  });
  children.push(child);
  return child;
}

let shuttingDown = false;
function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function waitFor(url, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not become ready at ${url} within ${timeoutMs / 1000}s`);
}

async function expectOk(response, what) {
  if (!response.ok) throw new Error(`${what} failed: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  return response;
}

// The demo shop is a Shopify Plus store with B2B and one wholesale company, so the identity
// provider's wholesale buyers can be given access to it (tests/shopify-twin/README.md, "Shopify
// B2B"). Seeded once: a restarted demo keeps the twin's state.
const DEMO_COMPANY = "Demo Wholesale Co";
async function seedB2B(shop) {
  const control = (suffix, init) => fetch(`${twinUrl}/__twin${suffix}`, init);
  await expectOk(await control("/shops", { method: "POST", body: JSON.stringify({ shop, plan: "plus" }) }), `making ${shop} a Plus store`);
  const { companies } = await (await expectOk(await control(`/shops/${shop}/companies`), `listing ${shop}'s companies`)).json();
  if (companies.some((company) => company.name === DEMO_COMPANY)) return;
  const seed = { name: DEMO_COMPANY, locations: [{ name: `${DEMO_COMPANY} HQ` }] };
  await expectOk(await control(`/shops/${shop}/companies`, { method: "POST", body: JSON.stringify(seed) }), `seeding ${DEMO_COMPANY}`);
}

async function installShop(shop) {
  // 1. The merchant opens the app in the admin: the library exchanges the session token for an
  //    expiring offline access token at the twin and stores the session.
  const idToken = await mintSessionToken({ shop, apiKey, apiSecret });
  await expectOk(
    await fetch(adminUrl(appUrl, shop, idToken), { headers: { "User-Agent": BROWSER_USER_AGENT } }),
    `opening the app for ${shop}`,
  );
  // 2. The merchant turns SCIM on and generates a token, through the admin page's own action.
  const adminAction = async (intent) => {
    const token = await mintSessionToken({ shop, apiKey, apiSecret });
    const response = await fetch(`${appUrl}/app/api/scim`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_USER_AGENT },
      body: new URLSearchParams({ intent, label: "Demo identity provider" }),
    });
    return (await expectOk(response, `${intent} for ${shop}`)).json();
  };
  await adminAction("enable-scim");
  const { token: scimToken } = await adminAction("create-token");
  // 3. A developer token for curling the twin directly (does not disturb the app's own token).
  const developer = await (
    await expectOk(await fetch(`${twinUrl}/__twin/shops/${shop}/access-tokens`, { method: "POST" }), "twin access token")
  ).json();
  return [
    `SCIM_BASE_URL=${appUrl}/scim/v2`,
    `SCIM_TOKEN=${scimToken}`,
    `SHOPIFY_SHOP=${shop}`,
    `SHOPIFY_ADMIN_API_URL=${twinUrl}/admin/api/${apiVersion}/graphql.json`,
    `SHOPIFY_ACCESS_TOKEN=${developer.access_token}`,
    `ADMIN_URL=${adminUrl(appUrl, shop, await mintSessionToken({ shop, apiKey, apiSecret }))}`,
  ];
}

try {
  step("preparing the SQLite database (prisma generate + migrate deploy)");
  run(process.execPath, ["node_modules/.bin/prisma", "generate"]);
  run(process.execPath, ["scripts/migrate.mjs", "deploy"]);
  const buildFile = path.join(root, "build/server/index.js");
  if (!fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < newestMtime(path.join(root, "app"))) {
    step("building the app");
    run("npx", ["remix", "vite:build"]);
  }
  step(`starting the Shopify Admin API twin on ${twinUrl}`);
  start("twin", process.execPath, ["--import", "tsx", "tests/shopify-twin/main.ts"]);
  await waitFor(`${twinUrl}/__twin/health`, "the Shopify twin");
  step(`starting the app on ${appUrl}`);
  // The preload sends the app's Shopify calls to the twin (tests/shopify-twin/app-fetch.mjs).
  start("app", process.execPath, ["--import", path.join(root, "tests/shopify-twin/app-preload.mjs"), "server/index.mjs"]);
  await waitFor(`${appUrl}/healthz`, "the app");

  const blocks = [];
  for (let i = 1; i <= shopCount; i++) {
    const shop = shopCount === 1 ? "demo-shop.myshopify.com" : `demo-shop-${i}.myshopify.com`;
    // The first shop has B2B; any others stay on the twin's default plan (without it).
    if (i === 1) await seedB2B(shop);
    step(`installing ${shop}`);
    blocks.push((await installShop(shop)).join("\n"));
  }
  const output = blocks.join("\n\n") + "\n";
  // The file holds the same lines with shell-quoted values, so `source` works (ADMIN_URL has &).
  const quoted = output.replace(/^([A-Z_]+)=(.*)$/gm, (_, key, value) => `${key}='${value.replaceAll("'", "'\\''")}'`);
  fs.writeFileSync(outputFile, quoted, { mode: 0o600 });
  process.stdout.write(output);
  step(`ready. Logs: ${path.join(demoDir, "app.log")}, ${path.join(demoDir, "twin.log")}. Ctrl-C stops.`);
} catch (error) {
  step(`failed: ${error instanceof Error ? error.message : String(error)}`);
  shutdown(1);
}
