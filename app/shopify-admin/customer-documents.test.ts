// Every document the provisioning engine sends must be valid against Shopify's published
// Admin API 2026-10 schema (the one the twin serves), so schema drift fails here, not in a store.
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../../tests/shopify-twin/graphql/schema";
import { ALL_DOCUMENTS, operationName } from "./customer-documents";

describe("provisioning GraphQL documents", () => {
  const { schema } = adminSchema();
  for (const [name, document] of Object.entries(ALL_DOCUMENTS)) {
    it(`${name} validates against Admin API 2026-10`, () => {
      const errors = validate(schema, parse(document));
      expect(errors.map((error) => error.message)).toEqual([]);
      expect(operationName(document)).toMatch(/^Scim/);
    });
  }
});
