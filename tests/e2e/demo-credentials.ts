import fs from "node:fs";
import path from "node:path";
import { E2E_DEMO_DIR } from "../../playwright.config";

export interface DemoShop {
  SCIM_BASE_URL: string;
  SCIM_TOKEN: string;
  SHOPIFY_SHOP: string;
  SHOPIFY_ADMIN_API_URL: string;
  SHOPIFY_ACCESS_TOKEN: string;
  ADMIN_URL: string;
}

/** The lines `npm run demo` printed, read back from the file it writes beside them. */
export async function readDemoShops(timeoutMs = 60_000): Promise<DemoShop[]> {
  const file = path.join(E2E_DEMO_DIR, "credentials.env");
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the demo did not write ${file} within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return fs
    .readFileSync(file, "utf8")
    .trim()
    .split(/\n\s*\n/)
    .map(
      (block) =>
        Object.fromEntries(
          block.split("\n").map((line) => {
            const [key, quoted] = line.split(/=(.*)/s);
            // scripts/demo.mjs writes single-quoted values for `source`.
            return [key, quoted.replace(/^'(.*)'$/s, "$1").replaceAll("'\\''", "'")];
          }),
        ) as unknown as DemoShop,
    );
}

/** The app's client credentials the demo generated (the twin signs session tokens with them). */
export function readDemoAppCredentials(): { apiKey: string; apiSecret: string } {
  return JSON.parse(fs.readFileSync(path.join(E2E_DEMO_DIR, "app-credentials.json"), "utf8"));
}
