import { describe, expect, it } from "vitest";
import {
  getResourceTypeDocument,
  getSchemaDocument,
  resourceTypesListResponse,
  schemasListResponse,
  serviceProviderConfig,
} from "./discovery";
import { ScimError } from "./errors";
import { SHOPIFY_USER_SCHEMA_ID } from "./schemas/shopify-user";

const BASE = "https://app.example/scim/v2/conn-1/";
const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function findNulls(value: unknown, path = "$"): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => findNulls(v, `${path}[${i}]`));
  if (typeof value === "object") return Object.entries(value as object).flatMap(([k, v]) => findNulls(v, `${path}.${k}`));
  return [];
}

describe("ServiceProviderConfig", () => {
  const spc = serviceProviderConfig({
    baseUrl: BASE,
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filterMaxResults: 200,
  });

  it("#4 has every field Okta's 2016 suite and Entra look for", () => {
    expect(spc).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: "ServiceProviderConfig", location: "https://app.example/scim/v2/conn-1/ServiceProviderConfig" },
    });
    const schemes = spc["authenticationSchemes"] as Record<string, unknown>[];
    expect(schemes[0]).toMatchObject({ type: "oauthbearertoken", primary: true });
    expect(schemes[0]!["name"]).toBeTruthy();
    expect(schemes[0]!["description"]).toBeTruthy();
    expect(findNulls(spc)).toEqual([]);
  });

  it("#8 advertises bulk as configured", () => {
    const on = serviceProviderConfig({ baseUrl: BASE, bulk: { supported: true, maxOperations: 100, maxPayloadSize: 1048576 }, filterMaxResults: 100 });
    expect(on["bulk"]).toEqual({ supported: true, maxOperations: 100, maxPayloadSize: 1048576 });
  });
});

describe("/Schemas", () => {
  const list = schemasListResponse(BASE);
  const ids = list.Resources.map((s) => s["id"]);

  it("#5 lists core User, Group, the enterprise extension and ours, as a ListResponse", () => {
    expect(list.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    expect(ids).toEqual(["urn:ietf:params:scim:schemas:core:2.0:User", E, SHOPIFY_USER_SCHEMA_ID, "urn:ietf:params:scim:schemas:core:2.0:Group"]);
    expect(list.totalResults).toBe(4);
    expect(list.itemsPerPage).toBe(4);
  });

  it("#5 no nulls, camelCase characteristics, no password; meta.location per schema", () => {
    expect(findNulls(list)).toEqual([]);
    const json = JSON.stringify(list);
    expect(json).not.toMatch(/"(ReadWrite|READWRITE|read_write)"/);
    const user = list.Resources[0]!;
    const names = (user["attributes"] as Record<string, unknown>[]).map((a) => a["name"]);
    expect(names).toContain("userName");
    expect(names).toContain("externalId");
    expect(names).not.toContain("password");
    expect(user["meta"]).toEqual({ resourceType: "Schema", location: `https://app.example/scim/v2/conn-1/Schemas/urn:ietf:params:scim:schemas:core:2.0:User` });
  });

  it("describes attributes per RFC 7643 §7 (userName, manager, members)", () => {
    const user = list.Resources[0]!;
    const userName = (user["attributes"] as Record<string, unknown>[]).find((a) => a["name"] === "userName");
    expect(userName).toEqual({
      name: "userName",
      type: "string",
      multiValued: false,
      description: expect.any(String),
      required: true,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "server",
    });
    const manager = (getSchemaDocument(E, BASE)["attributes"] as Record<string, unknown>[]).find((a) => a["name"] === "manager")!;
    expect((manager["subAttributes"] as Record<string, unknown>[]).map((s) => s["name"])).toEqual(["value", "$ref", "displayName"]);
    const group = getSchemaDocument("urn:ietf:params:scim:schemas:core:2.0:Group", BASE);
    const members = (group["attributes"] as Record<string, unknown>[]).find((a) => a["name"] === "members")!;
    expect((members["subAttributes"] as Record<string, unknown>[]).map((s) => s["name"])).toEqual(["value", "$ref", "display", "type"]);
  });

  it("our Shopify extension is entirely read-only, with canonical sync states", () => {
    const doc = getSchemaDocument(SHOPIFY_USER_SCHEMA_ID, BASE);
    const attributes = doc["attributes"] as Record<string, unknown>[];
    expect(attributes.map((a) => a["name"])).toEqual(["customerId", "customerAdminUrl", "syncState", "lastSyncedAt", "lastError"]);
    expect(attributes.every((a) => a["mutability"] === "readOnly")).toBe(true);
    expect(attributes.find((a) => a["name"] === "syncState")!["canonicalValues"]).toEqual(["pending", "synced", "failed", "unlinked"]);
    expect(SHOPIFY_USER_SCHEMA_ID.startsWith("urn:ietf:")).toBe(false);
  });

  it("#5 GET /Schemas/{urn} matches case-insensitively; unknown → 404", () => {
    expect(getSchemaDocument(E.toUpperCase(), BASE)["id"]).toBe(E);
    let error: unknown;
    try {
      getSchemaDocument("urn:nope", BASE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(404);
  });
});

describe("/ResourceTypes", () => {
  it("#6 User (/Users, both extensions) and Group (/Groups)", () => {
    const list = resourceTypesListResponse(BASE);
    expect(list.Resources).toEqual([
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        id: "User",
        name: "User",
        endpoint: "/Users",
        description: "User Account",
        schema: "urn:ietf:params:scim:schemas:core:2.0:User",
        schemaExtensions: [
          { schema: E, required: false },
          { schema: SHOPIFY_USER_SCHEMA_ID, required: false },
        ],
        meta: { resourceType: "ResourceType", location: "https://app.example/scim/v2/conn-1/ResourceTypes/User" },
      },
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        id: "Group",
        name: "Group",
        endpoint: "/Groups",
        description: "Group",
        schema: "urn:ietf:params:scim:schemas:core:2.0:Group",
        schemaExtensions: [],
        meta: { resourceType: "ResourceType", location: "https://app.example/scim/v2/conn-1/ResourceTypes/Group" },
      },
    ]);
    expect(getResourceTypeDocument("group", BASE)["endpoint"]).toBe("/Groups");
    expect(() => getResourceTypeDocument("Widget", BASE)).toThrow(ScimError);
  });
});
