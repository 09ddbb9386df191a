// Group delivery's document must be valid against Shopify's published Admin API 2026-10 schema.
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../../tests/shopify-twin/graphql/schema";
import { operationName } from "./customer-documents";
import { GROUP_TAGS } from "./tag-documents";

describe("group delivery GraphQL document", () => {
  it("ScimGroupTags validates against Admin API 2026-10", () => {
    const { schema } = adminSchema();
    expect(validate(schema, parse(GROUP_TAGS)).map((error) => error.message)).toEqual([]);
    expect(operationName(GROUP_TAGS)).toBe("ScimGroupTags");
  });
});
