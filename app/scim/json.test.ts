import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { parseJsonBody } from "./json";

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
});
