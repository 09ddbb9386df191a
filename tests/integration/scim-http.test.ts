// The SCIM routes as IdPs reach them: the built app (server/index.mjs over build/, as `npm test`
// builds it) on loopback, over real HTTP, so Remix's route matching, HEAD handling and Express
// are part of what is tested: trailing and doubled slashes from a pasted base URL, 405s, HEAD,
// media types, 413 from Content-Length, and SCIM errors for unknown paths.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { newTenant, type TestTenant } from "../support/scim-client";

let app: AppServer;
let base: string;
let t: TestTenant;

beforeAll(async () => {
  t = await newTenant("http");
  app = await startAppServer();
  base = `${app.origin}/scim/v2`;
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("Authorization", `Bearer ${t.token}`);
  return fetch(base + path, { ...init, headers });
}

describe("over HTTP, through Remix", () => {
  it("POST with application/json, then the user by /Users, /Users/, //Users and /users", async () => {
    const created = await call("/Users", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userName: "http@x.test", active: true }) });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    const user = await created.json();
    expect(created.headers.get("location")).toBe(user.meta.location);
    for (const path of ["/Users?filter=userName%20eq%20%22HTTP@x.test%22", "/Users/?filter=userName+eq+%22http%40x.test%22", "//Users?filter=userName%20eq%20%22http@x.test%22", "/users?filter=userName%20eq%20%22http@x.test%22"]) {
      const reply = await call(path);
      expect(reply.status, path).toBe(200);
      expect((await reply.json()).totalResults, path).toBe(1);
    }
    for (const path of [`/Users/${user.id}`, `/Users/${user.id}/`, `//Users/${user.id}`]) {
      const reply = await call(path);
      expect(reply.status, path).toBe(200);
      expect((await reply.json()).id).toBe(user.id);
    }
    const head = await call(`/Users/${user.id}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe('W/"1"');
    expect(await head.text()).toBe("");
  });

  it("405 with Allow for methods a route does not take, as SCIM errors", async () => {
    for (const [method, path] of [["POST", "/ServiceProviderConfig"], ["DELETE", "/Users"], ["GET", "/Users/.search"], ["OPTIONS", "/Users"], ["PUT", "/Bulk"]] as const) {
      const reply = await call(path, { method, ...(method === "POST" || method === "PUT" ? { body: "{}", headers: { "Content-Type": "application/scim+json" } } : {}) });
      expect(reply.status, `${method} ${path}`).toBe(405);
      expect(reply.headers.get("allow")).toBeTruthy();
      expect((await reply.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
  });

  it("unknown paths, /Me, a bad token and bad bodies are SCIM errors", async () => {
    expect((await call("/Nope")).status).toBe(404);
    expect((await call("/Users/a/b")).status).toBe(404);
    expect((await call("/Me")).status).toBe(501);
    const unauthorized = await call("/Users", { headers: { Authorization: "Bearer wrong" } });
    expect(unauthorized.status).toBe(401);
    expect((await unauthorized.json()).status).toBe("401");
    const form = await call("/Users", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "userName=a" });
    expect(form.status).toBe(415);
    const junk = await call("/Users", { method: "POST", headers: { "Content-Type": "application/scim+json" }, body: "{nope" });
    expect(junk.status).toBe(400);
    expect((await junk.json()).scimType).toBe("invalidSyntax");
    const spc = await (await call("/ServiceProviderConfig")).json();
    const tooLarge = await call("/Users", { method: "POST", headers: { "Content-Type": "application/scim+json" }, body: "x".repeat(spc.bulk.maxPayloadSize + 1) });
    expect(tooLarge.status).toBe(413);
    const jsonOnly = await call("/Users/nope", { headers: { Accept: "application/json" } });
    expect(jsonOnly.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(app.stderr()).not.toMatch(/Error/);
  });
});
