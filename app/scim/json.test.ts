import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { parseJsonBody } from "./json";
import { LIMITS } from "./limits";

describe("parseJsonBody", () => {
  it("parses JSON", () => {
    expect(parseJsonBody('{"userName":"a"}')).toEqual({ userName: "a" });
  });

  it("#34 malformed JSON → 400 invalidSyntax, without echoing the body", () => {
    for (const text of ['{"userName":"a","password":"hunter2"', "junk", "", "   "]) {
      let error: unknown;
      try {
        parseJsonBody(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).status).toBe(400);
      expect((error as ScimError).scimType).toBe("invalidSyntax");
      expect((error as ScimError).detail).not.toContain("hunter2");
    }
  });

  it("a body nested deeper than LIMITS.jsonMaxDepth → 400 invalidSyntax, before JSON.parse spends seconds on it", () => {
    const deep = "[".repeat(4_000_000) + "]".repeat(4_000_000);
    expect(() => parseJsonBody(deep)).toThrow(expect.objectContaining({ status: 400, scimType: "invalidSyntax", detail: expect.stringMatching(/nested more than/) }));
    const ok = "[".repeat(LIMITS.jsonMaxDepth) + "]".repeat(LIMITS.jsonMaxDepth);
    expect(() => parseJsonBody(ok)).not.toThrow();
    // Brackets inside strings are text, not nesting.
    expect(parseJsonBody(JSON.stringify({ a: "[".repeat(100) }))).toEqual({ a: "[".repeat(100) });
  });

  it("a lone UTF-16 surrogate or U+0000 anywhere (value or key) → 400 invalidValue naming where", () => {
    const cases: [string, RegExp][] = [
      ['{"userName":"a","name":{"givenName":"\\ud800"}}', /surrogate.*"name\.givenName"/],
      ['{"emails":[{"value":"x\\udc00"}]}', /surrogate.*"emails\[0\]\.value"/],
      ['{"Operations":[{"op":"add","value":{"\\udbff":1}}]}', /surrogate/],
      ['{"userName":"nul\\u0000@x.test"}', /U\+0000.*"userName"/],
    ];
    for (const [text, detail] of cases) {
      expect(() => parseJsonBody(text), text).toThrow(expect.objectContaining({ status: 400, scimType: "invalidValue", detail: expect.stringMatching(detail) }));
    }
    // A surrogate pair (an emoji) is valid Unicode.
    expect(parseJsonBody('{"displayName":"\\ud83d\\ude00"}')).toEqual({ displayName: "😀" });
  });
});
