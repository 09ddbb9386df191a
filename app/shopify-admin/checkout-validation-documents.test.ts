// The checkout validation and access-scope documents the admin sends must be valid against
// Shopify's published Admin API 2026-10 schema (the one the twin serves).
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../../tests/shopify-twin/graphql/schema";
import { ACCESS_SCOPE_DOCUMENTS } from "./access-scopes.server";
import { CHECKOUT_VALIDATION_DOCUMENTS, normalizeCheckoutMessage } from "./checkout-validation.server";
import { operationName } from "./customer-documents";

describe("checkout validation and access scope documents", () => {
  const { schema } = adminSchema();
  for (const [name, document] of Object.entries({ ...CHECKOUT_VALIDATION_DOCUMENTS, ...ACCESS_SCOPE_DOCUMENTS })) {
    it(`${name} validates against Admin API 2026-10`, () => {
      expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
      expect(operationName(document)).toMatch(/^Scim/);
    });
  }
});

describe("normalizeCheckoutMessage", () => {
  it("trims, treats blank as the default, and refuses what checkout cannot show", () => {
    expect(normalizeCheckoutMessage("  Ask IT.  ")).toEqual({ ok: true, value: "Ask IT." });
    expect(normalizeCheckoutMessage("   ")).toEqual({ ok: true, value: null });
    expect(normalizeCheckoutMessage(null)).toEqual({ ok: true, value: null });
    expect(normalizeCheckoutMessage("two\nlines")).toMatchObject({ ok: false });
    expect(normalizeCheckoutMessage("x".repeat(256))).toMatchObject({ ok: false, error: expect.stringContaining("255") });
    expect(normalizeCheckoutMessage(5)).toMatchObject({ ok: false });
  });
});
