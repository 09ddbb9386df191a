// The HTTP edge as functions (tests/integration/scim-edges.test.ts drives it through the built
// server): whatever method, target, Host or parser error, it never throws, and every answer it
// gives for a target under /scim is a SCIM error with the Error schema and its status.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRequest, clientErrorAnswer, connectAnswer, continueAnswer, expectationAnswer, isScimTarget, replacementAnswer, type EdgeAnswer } from "./edge.server";

const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

function expectScim(answer: EdgeAnswer) {
  expect(answer.headers["Content-Type"]).toBe("application/scim+json; charset=utf-8");
  const body = JSON.parse(answer.body);
  expect(body.schemas).toEqual([ERROR]);
  expect(body.status).toBe(String(answer.status));
  if (answer.status === 405) expect(answer.headers["Allow"]).toBeTruthy();
}

const method = fc.oneof(fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "M-SEARCH", "PURGE", "FOO"), fc.string({ maxLength: 10 }));
const piece = fc.oneof(
  fc.constantFrom("/scim/v2", "/SCIM/V2", "//scim/v2", "/scim/v1", "/%73cim/v2", "/app", "/", "*", "http://h", "https://h:1", "ftp://h", "Users", "/Users", "/..", "/%2e%2e", "/%zz", "?filter=%zz", "?a=b", "#x", "\\", "%00", "\u00ff"),
  fc.string({ maxLength: 6 }),
);
const target = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(""));
const host = fc.option(fc.oneof(fc.constantFrom("x", "127.0.0.1:3000", "[::1]:80", "a b", "x:99999", "[zz]", "a@b", "", "ex\u00e4mple.com"), fc.string({ maxLength: 10 })), { nil: undefined });

describe("checkRequest", () => {
  it("never throws; its answers under /scim are SCIM errors, its verdicts an origin-form target and a Host", () => {
    fc.assert(
      fc.property(method, target, host, (m, t, h) => {
        const verdict = checkRequest(m, t, h);
        if ("answer" in verdict) {
          expect(verdict.answer.status).toBeGreaterThanOrEqual(200);
          expect(verdict.answer.status).toBeLessThan(500);
          if (verdict.answer.status >= 400 && isScimTarget(t.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, ""))) expectScim(verdict.answer);
        } else {
          expect(verdict.target.startsWith("/")).toBe(true);
          expect(() => new URL(`http://${verdict.host}${verdict.target}`)).not.toThrow();
        }
      }),
      { seed: 20261208, numRuns: 5000 },
    );
  });

  it("rewrites an absolute-form target to origin-form, its authority becoming the Host", () => {
    expect(checkRequest("GET", "http://example.test:8080/scim/v2/Users?x=1", "ignored")).toEqual({ target: "/scim/v2/Users?x=1", host: "example.test:8080" });
    expect(checkRequest("GET", "HTTPS://h", undefined)).toEqual({ target: "/", host: "h" });
  });
});

describe("the answers for Node's events", () => {
  it("clientError: any code and bytes → an answer; SCIM when the target is under /scim or cannot be told", () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom("HPE_HEADER_OVERFLOW", "HPE_INVALID_METHOD", "HPE_INVALID_CHUNK_SIZE", "ERR_HTTP_REQUEST_TIMEOUT", "HPE_CHUNK_EXTENSIONS_OVERFLOW", "X"), { nil: undefined }), fc.option(fc.oneof(target.map((t) => `FOO ${t} HTTP/1.1\r\n`), fc.string({ maxLength: 30 })), { nil: undefined }), (code, raw) => {
        const answer = clientErrorAnswer(code, raw);
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        if (answer.headers["Content-Type"]?.startsWith("application/scim+json")) expectScim(answer);
      }),
      { seed: 20261208, numRuns: 2000 },
    );
    expect(clientErrorAnswer("HPE_HEADER_OVERFLOW", "GET /scim/v2/Users?filter=aaaa").status).toBe(414);
    expect(clientErrorAnswer("HPE_HEADER_OVERFLOW", "GET /scim/v2/Users HTTP/1.1\r\nX: aaaa").status).toBe(431);
    expect(clientErrorAnswer("HPE_INVALID_METHOD", "FOO /scim/v2/Users HTTP/1.1\r\n")).toMatchObject({ status: 405, headers: { Allow: "GET, POST, HEAD" } });
    expect(clientErrorAnswer("HPE_INVALID_METHOD", "FOO /app HTTP/1.1\r\n").headers["Content-Type"]).toBe("text/plain; charset=utf-8");
  });

  it("CONNECT, Expect and 100-continue", () => {
    expectScim(connectAnswer("/scim/v2/Users"));
    expect(connectAnswer("example.com:443").status).toBe(405);
    expectScim(expectationAnswer("/scim/v2/Users"));
    expect(continueAnswer("/scim/v2/Users", "99999999")?.status).toBe(413);
    expect(continueAnswer("/scim/v2/Users", "100")).toBeUndefined();
    expect(continueAnswer("/app", "99999999")).toBeUndefined();
  });

  it("replacementAnswer keeps a 4xx status, makes anything else 500, and never echoes the original", () => {
    expect(replacementAnswer("/healthz", 405)).toMatchObject({ status: 405, body: "405 Method Not Allowed\n" });
    expect(replacementAnswer("/x", 302).status).toBe(500);
    const scim = replacementAnswer("/scim/v2/Users", 500);
    expectScim(scim);
    expect(replacementAnswer("/scim/v2/Users", 418).status).toBe(400);
  });
});
