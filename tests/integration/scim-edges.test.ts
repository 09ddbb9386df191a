// Issue 13, case by case: the SCIM API at its edges, against the built app (server/index.mjs over
// build/) in both modes it runs in: NODE_ENV=production, and development as `npm run demo`
// runs it. Raw sockets where fetch cannot send the bytes. Every answer under /scim/v2 is a SCIM
// error with the right status, scimType and headers; nothing anywhere carries a stack trace, a
// file path or a framework's message. (The seeded fuzz run over the same categories is
// tests/integration/scim-fuzz.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { startAppServer, type AppServer } from "../support/app-server";
import { rawRequest, type RawReply } from "../support/raw-http";
import { newTenant, type TestTenant } from "../support/scim-client";
import { webhookHeaders } from "../support/webhooks";

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
/** What must never reach a client: stack frames, file paths, framework messages. */
const LEAK = /\bat [\w$.<>]+ \(|node_modules|\/work\/|[\w-]+\.(?:tsx?|m?js):\d|\bError: |"stack"|Unexpected Server Error|Hey developer|remix|You made a \w+ request/i;

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function expectScimError(reply: Reply, status: number, scimType?: string) {
  expect(reply.status, reply.body).toBe(status);
  expect(reply.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
  const body = JSON.parse(reply.body);
  expect(body.schemas).toEqual([ERROR]);
  expect(body.status).toBe(String(status));
  expect(body.scimType).toBe(scimType);
  expect(body.detail.length).toBeGreaterThan(0);
  expect(reply.body).not.toMatch(LEAK);
  return body as { detail: string };
}

function lines(...parts: string[]): string {
  return `${parts.join("\r\n")}\r\n\r\n`;
}

describe.each(["production", "development"])("NODE_ENV=%s", (mode) => {
  let app: AppServer;
  let t: TestTenant;
  let other: TestTenant;
  const auth = () => `Authorization: Bearer ${t.token}`;
  const raw = (bytes: string | Buffer, options?: Parameters<typeof rawRequest>[2]) => rawRequest(app.port, bytes, options);
  async function http(path: string, init: RequestInit = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    if (!headers.has("authorization")) headers.set("Authorization", `Bearer ${t.token}`);
    const response = await fetch(app.origin + path, { ...init, headers });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  }
  const json = (method: string, path: string, body: string) => http(path, { method, body, headers: { "Content-Type": "application/scim+json" } });

  beforeAll(async () => {
    t = await newTenant("edges");
    other = await newTenant("edges-other");
    app = await startAppServer({ NODE_ENV: mode });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    // No request, however malformed, made the server write an error to stderr. (In development
    // React Router warns about each unmatched path; that is all it may say.)
    const lines = app.stderr().split("\n").filter((line) => line !== "" && !/^No routes matched location "[^"]*" $/.test(line));
    expect(lines).toEqual([]);
  });

  describe("methods", () => {
    it("TRACE → 405 with Allow, as a SCIM error (it used to be a 500 with a stack trace)", async () => {
      const reply = await raw(lines("TRACE /scim/v2/Users HTTP/1.1", "Host: x", auth()));
      expectScimError(reply, 405);
      expect(reply.headers["allow"]).toBe("GET, POST, HEAD");
    });

    it("CONNECT → 405 with Allow", async () => {
      const reply = await raw(lines("CONNECT /scim/v2/Users/abc HTTP/1.1", "Host: x", auth()));
      expectScimError(reply, 405);
      expect(reply.headers["allow"]).toBe("GET, PUT, PATCH, DELETE, HEAD");
    });

    it("M-SEARCH, LINK, PURGE → 405 with Allow (they were Remix JSON with a stack)", async () => {
      for (const method of ["M-SEARCH", "LINK", "PURGE", "UNLINK", "PROPFIND"]) {
        const reply = await raw(lines(`${method} /scim/v2/Groups HTTP/1.1`, "Host: x", auth()));
        expectScimError(reply, 405);
        expect(reply.headers["allow"], method).toBe("GET, POST, HEAD");
      }
    });

    it("an unknown method token (FOO, which Node's parser refuses) → 405 with Allow", async () => {
      const reply = await raw(lines("FOO /scim/v2/Bulk HTTP/1.1", "Host: x", auth()));
      expectScimError(reply, 405);
      expect(reply.headers["allow"]).toBe("POST");
    });

    it("a method an endpoint does not serve, and OPTIONS → 405 with that endpoint's Allow", async () => {
      const del = await http("/scim/v2/Users", { method: "DELETE" });
      expectScimError(del, 405);
      expect(del.headers["allow"]).toBe("GET, POST, HEAD");
      const options = await http("/scim/v2/ServiceProviderConfig", { method: "OPTIONS" });
      expectScimError(options, 405);
      expect(options.headers["allow"]).toBe("GET, HEAD");
    });

    it("an exotic method on an unknown path → 404", async () => {
      expectScimError(await raw(lines("TRACE /scim/v2/Nope HTTP/1.1", "Host: x")), 404);
    });
  });

  describe("request targets", () => {
    it("ids that cannot be percent-decoded → 400 (%zz, %ff%fe, %u0000; they were Express's HTML page with a stack)", async () => {
      for (const id of ["%zz", "%ff%fe", "%u0000", "%", "%00"]) {
        expectScimError(await raw(lines(`GET /scim/v2/Users/${id} HTTP/1.1`, "Host: x", auth())), 400);
        expectScimError(await http(`/scim/v2/Groups/${id}`), 400);
      }
    });

    it("a query that cannot be percent-decoded → 400", async () => {
      expectScimError(await http("/scim/v2/Users?filter=userName%20eq%20%22%zz%22"), 400);
      expectScimError(await http("/scim/v2/Users?filter=userName%20eq%20%22a%00b%22"), 400);
    });

    it("an absolute-form target (GET http://host/scim/v2/Users) is served as RFC 9112 §3.2.2 requires", async () => {
      await t.call({ method: "POST", path: "/Users", body: { userName: "absolute@x.test" } });
      const reply = await raw(lines(`GET http://127.0.0.1:${app.port}/scim/v2/Users?filter=userName%20eq%20%22absolute@x.test%22 HTTP/1.1`, "Host: elsewhere", auth(), "Connection: close"));
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body).totalResults).toBe(1);
      expectScimError(await raw(lines("GET ftp://x/scim/v2/Users HTTP/1.1", "Host: x")), 400);
    });

    it("dot segments, plain or percent-encoded, → 400 (they climbed out to Remix's HTML 404)", async () => {
      for (const path of ["/scim/v2/../app", "/scim/v2/Users/..", "/scim/v2/Users/%2e%2e/Groups", "/scim/v2/./Users", "/scim/v2/Users/.%2E"]) {
        expect(expectScimError(await raw(lines(`GET ${path} HTTP/1.1`, "Host: x", auth())), 400).detail, path).toMatch(/segment/);
      }
    });

    it("characters a URL parser would rewrite (backslash, #, raw controls or non-ASCII) → 400", async () => {
      expectScimError(await raw(lines("GET /scim/v2/Users\\..\\..\\app HTTP/1.1", "Host: x", auth())), 400);
      expectScimError(await raw(lines("GET /scim/v2/Users#frag HTTP/1.1", "Host: x", auth())), 400);
      expectScimError(await raw(Buffer.from("GET /scim/v2/Users\xff HTTP/1.1\r\nHost: x\r\n\r\n", "latin1")), 400);
    });

    it("unknown paths → 404: below the base, beside it (/scim/v1), doubled slashes before it", async () => {
      expectScimError(await http("/scim/v2/Nope"), 404);
      expectScimError(await http("/scim/v2/Users/a/b"), 404);
      expectScimError(await raw(lines("GET /scim/v1/Users HTTP/1.1", "Host: x")), 404);
      expectScimError(await raw(lines("GET //scim/v2/Users HTTP/1.1", "Host: x")), 404);
      expectScimError(await raw(lines("GET /scim HTTP/1.1", "Host: x")), 404);
    });

    it("an over-long URL → 414, answered before the connection closes (it was Node's empty 400/431)", async () => {
      const reply = await raw(`GET /scim/v2/Users?filter=${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expectScimError(reply, 414);
    });
  });

  describe("headers and framing", () => {
    it("an oversized header block → 431", async () => {
      expectScimError(await raw(lines("GET /scim/v2/Users HTTP/1.1", "Host: x", `X-Big: ${"a".repeat(20_000)}`)), 431);
    });

    it("a missing or invalid Host → 400 (an invalid one was a 500 with a stack)", async () => {
      expectScimError(await raw(lines("GET /scim/v2/Users HTTP/1.1", auth())), 400);
      expectScimError(await raw(lines("GET /scim/v2/Users HTTP/1.0")), 400);
      for (const host of ["a b", "x:99999", "[zz]", "a@b", "x/y"]) {
        expectScimError(await raw(lines("GET /scim/v2/Users HTTP/1.1", `Host: ${host}`, auth())), 400);
      }
    });

    it("malformed HTTP → 400 with a reason: bad Content-Length, both Content-Length and chunked, a broken chunk, a bad header, garbage", async () => {
      const post = "POST /scim/v2/Users HTTP/1.1";
      for (const request of [
        lines(post, "Host: x", auth(), "Content-Length: abc"),
        `${post}\r\nHost: x\r\n${auth()}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        `${post}\r\nHost: x\r\n${auth()}\r\nContent-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"use\r\nzz\r\n`,
        lines("GET /scim/v2/Users HTTP/1.1", "Host: x", "X-A: a\u007fb"),
        lines("GET /scim/v2/Users HTTP/9.9", "Host: x"),
      ]) {
        expectScimError(await raw(request), 400);
      }
      const garbage = await raw(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
      expectScimError(garbage, 400);
    });

    it("Expect other than 100-continue → 417; 100-continue with a body over maxPayloadSize → 413 before any 100", async () => {
      expectScimError(await raw(lines("GET /scim/v2/Users HTTP/1.1", "Host: x", auth(), "Expect: tea")), 417);
      const reply = await raw(lines("POST /scim/v2/Users HTTP/1.1", "Host: x", auth(), "Content-Type: application/scim+json", "Expect: 100-continue", "Content-Length: 99999999"));
      expectScimError(reply, 413);
      expect(reply.raw).not.toContain("100 Continue");
    });
  });

  describe("bodies", () => {
    it("413 by Content-Length, read by the client before the connection closes, while it is still sending", async () => {
      const head = lines("POST /scim/v2/Users HTTP/1.1", "Host: x", auth(), "Content-Type: application/scim+json", "Content-Length: 20000000");
      const reply: RawReply = await raw(head, { then: Array.from({ length: 20 }, () => Buffer.alloc(1 << 20, 0x78)) });
      expectScimError(reply, 413);
    });

    it("413 for a chunked body once it passes maxPayloadSize, and the rest is drained, not reset", async () => {
      const head = `POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\n${auth()}\r\nContent-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const chunk = Buffer.concat([Buffer.from(`${(1 << 20).toString(16)}\r\n`), Buffer.alloc(1 << 20, 0x78), Buffer.from("\r\n")]);
      const reply = await raw(head, { then: [...Array.from({ length: 20 }, () => chunk), Buffer.from("0\r\n\r\n")] });
      expectScimError(reply, 413);
      expect(reply.reset).toBe(false);
    });

    it("a lone UTF-16 surrogate in a string attribute of POST, PUT or PATCH → 400 invalidValue, nothing written (it was a Prisma 500)", async () => {
      const before = await prisma.scimUser.count({ where: { shopId: t.shopId } });
      expectScimError(await json("POST", "/scim/v2/Users", '{"userName":"sur@x.test","name":{"givenName":"\\ud800"}}'), 400, "invalidValue");
      expect(await prisma.scimUser.count({ where: { shopId: t.shopId } })).toBe(before);
      const user = (await t.call({ method: "POST", path: "/Users", body: { userName: "surrogates@x.test" } })).body;
      expectScimError(await json("PUT", `/scim/v2/Users/${user.id}`, '{"userName":"surrogates@x.test","title":"\\udfff"}'), 400, "invalidValue");
      expectScimError(await json("PATCH", `/scim/v2/Users/${user.id}`, '{"Operations":[{"op":"replace","path":"displayName","value":"x\\ud83d"}]}'), 400, "invalidValue");
      expectScimError(await json("POST", "/scim/v2/Groups", '{"displayName":"\\udc00 group"}'), 400, "invalidValue");
      expect((await t.call({ path: `/Users/${user.id}` })).body.meta.version).toBe(user.meta.version);
    });

    it("U+0000 anywhere, and control characters where a field cannot hold them → 400 invalidValue; line breaks in an address are kept", async () => {
      expectScimError(await json("POST", "/scim/v2/Users", '{"userName":"nul\\u0000@x.test"}'), 400, "invalidValue");
      expectScimError(await json("POST", "/scim/v2/Users", '{"userName":"bell\\u0007@x.test"}'), 400, "invalidValue");
      expectScimError(await json("POST", "/scim/v2/Users/.search", '{"filter":"userName eq \\"a\\u0000\\""}'), 400, "invalidValue");
      const created = await json("POST", "/scim/v2/Users", JSON.stringify({ userName: "lines@x.test", addresses: [{ type: "work", formatted: "9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645" }] }));
      expect(created.status).toBe(201);
      expect(JSON.parse(created.body).addresses[0].formatted).toBe("9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645");
    });

    it("a deeply nested body → 400 invalidSyntax", async () => {
      expectScimError(await json("POST", "/scim/v2/Bulk", "[".repeat(100_000) + "]".repeat(100_000)), 400, "invalidSyntax");
    });

    it("a Bulk operation path the normaliser refuses fails in its slot with 400, the rest run", async () => {
      const reply = await json(
        "POST",
        "/scim/v2/Bulk",
        JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
          Operations: [
            { method: "PATCH", path: "/Users/%zz", data: { Operations: [] } },
            { method: "POST", path: "/Users", bulkId: "b", data: { userName: "bulk-edge@x.test" } },
          ],
        }),
      );
      expect(reply.status).toBe(200);
      const ops = JSON.parse(reply.body).Operations;
      expect(ops.map((o: { status: string }) => o.status)).toEqual(["400", "201"]);
    });
  });

  describe("tenants", () => {
    it("none of this reaches another tenant: the other shop's directory is untouched", async () => {
      expect(await prisma.scimUser.count({ where: { shopId: other.shopId } })).toBe(0);
      expect((await other.call({ path: "/Users" })).body.totalResults).toBe(0);
    });
  });

  describe("every other route: 4xx for bad requests, no stack, no file path, no framework text", () => {
    const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" };
    async function plain(path: string, init: RequestInit = {}): Promise<Reply> {
      const response = await fetch(app.origin + path, { ...init, headers: { ...browser, ...(init.headers as Record<string, string>) } });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    }
    const clean = (reply: Reply, status: number) => {
      expect(reply.status, reply.body.slice(0, 200)).toBe(status);
      expect(reply.body).not.toMatch(LEAK);
    };

    it("pages: an unknown path 404, a method a page does not take 405, a path that cannot be decoded 400 (it was Express's page with a stack)", async () => {
      clean(await plain("/nope"), 404);
      expect((await plain("/nope")).body).toContain("Page not found");
      clean(await plain("/", { method: "DELETE" }), 405);
      clean(await plain("/%zz"), 400);
      clean(await plain("/assets/%zz"), 400);
    });

    it("resource routes without a handler for the method: 405 or 400 with a plain body (Remix's named the route file)", async () => {
      clean(await plain("/healthz", { method: "POST" }), 405);
      clean(await plain("/auth/login", { method: "PUT" }), 405);
    });

    it("methods no route serves: 405 with Allow, plain text", async () => {
      for (const path of ["/", "/app", "/webhooks/app/uninstalled", "/healthz"]) {
        const reply = await raw(lines(`TRACE ${path} HTTP/1.1`, "Host: x"));
        clean(reply, 405);
        expect(reply.headers["allow"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
      }
    });

    it("a bad Host on a page → 400, not a 500 with a stack", async () => {
      const reply = await raw(lines("GET /app HTTP/1.1", "Host: a b"));
      clean(reply, 400);
    });

    it("webhooks: GET 405 with Allow: POST; no signature 400; a forged one 401; a signed body that is not JSON, or not the topic's shape, 400", async () => {
      const get = await plain("/webhooks/customers/redact");
      clean(get, 405);
      expect(get.headers["allow"]).toBe("POST");
      clean(await plain("/webhooks/customers/redact", { method: "POST", body: "{}" }), 400);
      const forged = webhookHeaders("customers/redact", t.shopDomain, "{}", "wrong-secret");
      clean(await plain("/webhooks/customers/redact", { method: "POST", body: "{}", headers: forged }), 401);
      for (const [topic, body] of [
        ["customers/redact", "{not json"],
        ["customers/redact", '{"customer":{"id":1,"email":5}}'],
        ["customers/data_request", "null"],
        ["app/scopes_update", '{"current":"read_customers"}'],
        ["customers/update", '{"id":1,"tags":["a"]}'],
      ] as const) {
        clean(await plain(`/webhooks/${topic}`, { method: "POST", body, headers: webhookHeaders(topic, t.shopDomain, body) }), 400);
      }
    });

    it("health: GET 200, HEAD 200, anything odd 4xx", async () => {
      expect((await plain("/healthz")).status).toBe(200);
      expect((await plain("/healthz", { method: "HEAD" })).status).toBe(200);
      clean(await plain("/healthz?x=%zz", { method: "DELETE" }), 405);
    });
  });
});
