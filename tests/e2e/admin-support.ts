// Shared by the admin end-to-end tests. They run against the second demo shop (the demo installs
// two, see playwright.config.ts), so the first shop stays as tests/e2e/demo.spec.ts expects it,
// and every test makes its own people (unique userNames) instead of relying on order.
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { adminUrl, mintSessionToken } from "../../scripts/lib/session-token.mjs";
import { E2E_DEMO_DIR } from "../../playwright.config";
import { readDemoAppCredentials, readDemoShops, type DemoShop } from "./demo-credentials";

export async function adminShop(): Promise<DemoShop> {
  const shops = await readDemoShops();
  expect(shops.length, "playwright.config.ts starts the demo with DEMO_SHOPS=2").toBeGreaterThanOrEqual(2);
  return shops[1]!;
}

/** An admin URL for `pathname` with a fresh session token, as the Shopify admin opens the app. */
export async function freshAdminUrl(shop: DemoShop, pathname = "/app"): Promise<string> {
  const { apiKey, apiSecret } = readDemoAppCredentials();
  const url = new URL(adminUrl(new URL(shop.SCIM_BASE_URL).origin, shop.SHOPIFY_SHOP, await mintSessionToken({ shop: shop.SHOPIFY_SHOP, apiKey, apiSecret })));
  const target = new URL(pathname, url);
  url.pathname = target.pathname;
  for (const [key, value] of target.searchParams) url.searchParams.set(key, value);
  return url.href;
}

/** Opens an admin page; fails the test on uncaught page errors. */
export async function openAdmin(page: Page, shop: DemoShop, pathname = "/app"): Promise<Error[]> {
  const errors: Error[] = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.goto(await freshAdminUrl(shop, pathname));
  await expect(page.locator(".Polaris-Page")).toBeVisible();
  return errors;
}

/** Moves through the app as the admin's sidebar does (the App Bridge stand-in's nav bar). */
export async function navigate(page: Page, label: string) {
  await page.getByRole("navigation", { name: "App navigation" }).getByRole("link", { name: label, exact: true }).click();
  // The title bar names the page once it has rendered.
  await expect(page.getByRole("heading", { level: 1, name: label === "Overview" ? "SCIM provisioning" : label, exact: true })).toBeVisible();
}

/** A toast App Bridge showed (the newest with this text; errors are role=alert, others status). */
export function toast(page: Page, text: string | RegExp) {
  return page.locator("[data-app-bridge-toast]").filter({ hasText: text }).last();
}

/** Full-page screenshots at 1280 and 390 px, kept as test artifacts. */
export async function screenshots(page: Page, testInfo: TestInfo, name: string, ready: () => Promise<void>) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await ready();
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}.${randomUUID().slice(0, 8)}@example.com`;
}

export interface ScimAnswer {
  status: number;
  body: any;
}

export async function scim(request: APIRequestContext, shop: DemoShop, token: string, method: string, resource: string, body?: unknown): Promise<ScimAnswer> {
  const response = await request.fetch(`${shop.SCIM_BASE_URL}${resource}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json", "User-Agent": "Okta SCIM Client 1.0.0" },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}

export async function createPerson(request: APIRequestContext, shop: DemoShop, token: string, userName: string, extra: Record<string, unknown> = {}) {
  const answer = await scim(request, shop, token, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    name: { givenName: "Test", familyName: userName.split("@")[0] },
    emails: [{ primary: true, value: userName, type: "work" }],
    active: true,
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; userName: string };
}

/** The e2e demo's database, for setting up what a browser cannot (time, attempts). */
export function demoDb() {
  return new Database(path.join(E2E_DEMO_DIR, "app.sqlite"), { timeout: 10_000 });
}

export function shopId(db: Database.Database, shop: DemoShop): string {
  return (db.prepare("SELECT id FROM Shop WHERE shopDomain = ?").get(shop.SHOPIFY_SHOP) as { id: string }).id;
}

/** Waits until the engine has finished every event of a person; returns their states. */
export async function settled(shop: DemoShop, scimId: string, timeoutMs = 30_000): Promise<string[]> {
  const db = demoDb();
  try {
    const id = shopId(db, shop);
    let states: string[] = [];
    await expect
      .poll(
        () => {
          states = (db.prepare("SELECT state FROM ProvisioningEvent WHERE shopId = ? AND resourceId = ? ORDER BY createdAt").all(id, scimId) as Array<{ state: string }>).map((r) => r.state);
          return states.length > 0 && states.every((state) => ["completed", "failed", "cancelled"].includes(state));
        },
        { timeout: timeoutMs },
      )
      .toBe(true);
    return states;
  } finally {
    db.close();
  }
}

export function twinOrigin(shop: DemoShop): string {
  return new URL(shop.SHOPIFY_ADMIN_API_URL).origin;
}

export async function setTwinFaults(request: APIRequestContext, shop: DemoShop, faults: Record<string, unknown>) {
  const response = await request.put(`${twinOrigin(shop)}/__twin/faults`, { data: faults });
  expect(response.status()).toBe(200);
}

/** A customer as the twin (Shopify) holds it, through the Admin API with the demo's developer token. */
export async function shopifyCustomer(request: APIRequestContext, shop: DemoShop, customerId: string) {
  const response = await request.post(shop.SHOPIFY_ADMIN_API_URL, {
    headers: { "X-Shopify-Access-Token": shop.SHOPIFY_ACCESS_TOKEN, "Content-Type": "application/json" },
    data: {
      query: `query($id: ID!) { customer(id: $id) { id firstName lastName email tags metafields(first: 50) { nodes { namespace key value } } } }`,
      variables: { id: customerId },
    },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).data?.customer as {
    id: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    tags: string[];
    metafields: { nodes: Array<{ namespace: string; key: string; value: string }> };
  } | null;
}
