// End to end over HTTP: the built app (child process, worker inline) receives SCIM requests with
// a bearer token; the SCIM route records the outbox event; the worker delivers it to the twin;
// the IdP reads the Shopify extension back. Nothing in between is called directly.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, freePort, installShop, metafield, person, startApp, startHarness, until, type Harness } from "./harness";

let h: Harness;
let app: ChildProcess | undefined;
let base: string;

beforeAll(async () => {
  h = await startHarness();
  const port = await freePort();
  base = `http://127.0.0.1:${port}/scim/v2`;
  app = startApp(h, port, { SCIM_RATE_LIMIT_PER_SECOND: "0" });
  let stderr = "";
  app.stderr!.on("data", (chunk) => (stderr += chunk));
  await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true, "the app to listen", 120_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${stderr.slice(-2000)}`);
  });
}, 150_000);

afterAll(async () => {
  app?.kill("SIGTERM");
  await h?.close();
});

describe("SCIM route → event → worker → Shopify", () => {
  it("creates, deactivates and deletes through the SCIM API and shows the sync state to the IdP", async () => {
    const { shop, tenant } = await installShop(h, { deletePolicy: "delete_if_possible" });
    const { issueScimToken } = await import("~/tenants/scim-tokens.server");
    const { token } = await issueScimToken(shop.id, { label: "e2e" });
    const scim = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await scim("POST", "/Users", person(i));
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: string }).id);
    }
    await until(async () => (await customers(h, tenant.shopDomain)).length === 10, "10 customers");

    expect((await scim("PATCH", `/Users/${ids[0]}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] })).status).toBe(200);
    expect((await scim("DELETE", `/Users/${ids[1]}`)).status).toBe(204);
    await until(async () => (await h.prisma.provisioningEvent.count({ where: { shopId: shop.id, state: { not: "completed" } } })) === 0, "all events delivered");

    const list = await customers(h, tenant.shopDomain);
    expect(list).toHaveLength(9);
    const deactivated = list.find((customer) => customer.email === "person0@example.com")!;
    expect(deactivated.tags).toEqual(["scim", "scim:deactivated"]);
    expect(metafield(deactivated, "active")).toBe("false");

    const resource = (await (await scim("GET", `/Users/${ids[2]}`)).json()) as Record<string, Record<string, string>>;
    const extension = Object.entries(resource).find(([key]) => key.startsWith("urn:") && key.toLowerCase().includes("shopify"))?.[1];
    expect(extension).toMatchObject({ syncState: "synced", customerId: expect.stringMatching(/^gid:\/\/shopify\/Customer\//) });
    expect(extension!.lastSyncedAt).toBeTruthy();
  }, 120_000);
});
