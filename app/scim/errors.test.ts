import { describe, expect, it } from "vitest";
import { ERROR_SCHEMA, ScimError, errorBody, toScimError } from "./errors";

describe("ScimError", () => {
  it("#1/#26 serialises status as a string, with the Error schema and a detail", () => {
    expect(new ScimError(404, undefined, "User 00919288221112222 not found").toJSON()).toEqual({
      schemas: [ERROR_SCHEMA],
      status: "404",
      detail: "User 00919288221112222 not found",
    });
    expect(new ScimError(401, undefined, "Authentication required").toJSON().status).toBe("401");
  });

  it("#30 carries scimType uniqueness on 409", () => {
    expect(new ScimError(409, "uniqueness", "userName taken").toJSON()).toEqual({
      schemas: [ERROR_SCHEMA],
      status: "409",
      scimType: "uniqueness",
      detail: "userName taken",
    });
  });

  it("accepts every RFC 7644 Table 9 keyword on 400", () => {
    for (const t of ["invalidFilter", "tooMany", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive"] as const) {
      expect(new ScimError(400, t, "x").scimType).toBe(t);
    }
  });

  it("refuses status/scimType pairs the RFC does not define", () => {
    expect(() => new ScimError(400, "uniqueness", "x")).toThrow(TypeError);
    expect(() => new ScimError(409, "invalidValue", "x")).toThrow(TypeError);
    expect(() => new ScimError(404, "invalidPath", "x")).toThrow(TypeError);
    expect(() => new ScimError(500, "invalidSyntax", "x")).toThrow(TypeError);
  });

  it("refuses statuses that are not SCIM error statuses, and empty details", () => {
    expect(() => new ScimError(200, undefined, "ok")).toThrow(TypeError);
    expect(() => new ScimError(418, undefined, "teapot")).toThrow(TypeError);
    expect(() => new ScimError(400, "invalidValue", "  ")).toThrow(TypeError);
  });

  it("#11 allows 429 (throttling) and #7 405 (discovery write) without scimType", () => {
    expect(new ScimError(429, undefined, "slow down").toJSON().status).toBe("429");
    expect(new ScimError(405, undefined, "read-only endpoint").toJSON().status).toBe("405");
  });

  it("is an Error with the detail as its message", () => {
    const e = new ScimError(400, "invalidFilter", "bad filter");
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe("bad filter");
    expect(JSON.parse(JSON.stringify(e))).toEqual(e.toJSON());
  });
});

describe("toScimError", () => {
  it("passes ScimErrors through", () => {
    const e = new ScimError(409, "uniqueness", "taken");
    expect(toScimError(e)).toBe(e);
  });

  it("turns anything else into a 500 that leaks nothing", () => {
    const secret = new Error('SQLITE_CONSTRAINT: UNIQUE failed: ScimUser.userNameKey (password="hunter2")');
    for (const thrown of [secret, "string", 42, null, undefined, { detail: "x" }]) {
      const body = errorBody(thrown);
      expect(body.status).toBe("500");
      expect(body.scimType).toBeUndefined();
      expect(body.detail).not.toMatch(/SQLITE|hunter2|password|ScimUser/);
      expect(body.detail.length).toBeGreaterThan(0);
    }
  });
});
