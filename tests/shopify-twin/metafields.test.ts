import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

let harness: TwinHarness;
let token: string;

beforeAll(async () => {
  harness = await TwinHarness.start();
  token = await harness.adminToken();
  await harness.graphql(
    token,
    `mutation { metafieldDefinitionCreate(definition: {
      name: "External id", namespace: "$app:scim", key: "external_id", type: "single_line_text_field",
      ownerType: CUSTOMER, capabilities: { uniqueValues: { enabled: true } } }) { userErrors { message } } }`,
  );
});
afterAll(() => harness.close());

const SET = `mutation($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value jsonValue compareDigest owner { ... on Customer { id } } }
    userErrors { field message code elementIndex }
  }
}`;

async function newCustomer(email: string): Promise<string> {
  const response = await harness.graphql(token, `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id } } }`, { input: { email } });
  return response.body.data!.customerCreate.customer.id as string;
}

async function metafieldsSet(metafields: Array<Record<string, unknown>>) {
  const response = await harness.graphql(token, SET, { metafields });
  return response.body.data!.metafieldsSet as { metafields: Array<Record<string, any>>; userErrors: Array<Record<string, unknown>> };
}

describe("metafieldsSet", () => {
  it("sets typed values and resolves $app to the app's reserved namespace", async () => {
    const ownerId = await newCustomer("meta@example.com");
    const result = await metafieldsSet([
      { ownerId, namespace: "$app:scim", key: "active", type: "boolean", value: "true" },
      { ownerId, key: "groups", type: "list.single_line_text_field", value: '["sales","eng"]' },
    ]);
    expect(result.userErrors).toEqual([]);
    expect(result.metafields[0]).toMatchObject({ namespace: expect.stringMatching(/^app--\d+--scim$/), key: "active", type: "boolean", value: "true", jsonValue: true, owner: { id: ownerId } });
    expect(result.metafields[1]).toMatchObject({ namespace: expect.stringMatching(/^app--\d+$/), jsonValue: ["sales", "eng"] });
    const read = await harness.graphql(token, `query($id: ID!) { customer(id: $id) { metafield(namespace: "$app:scim", key: "active") { value } metafields(first: 10) { nodes { key } } } }`, { id: ownerId });
    expect(read.body.data!.customer).toEqual({ metafield: { value: "true" }, metafields: { nodes: [{ key: "active" }, { key: "groups" }] } });
  });

  it("answers TAKEN when a unique-values definition already holds the value", async () => {
    const first = await newCustomer("unique-1@example.com");
    const second = await newCustomer("unique-2@example.com");
    expect((await metafieldsSet([{ ownerId: first, namespace: "$app:scim", key: "external_id", value: "00u1" }])).userErrors).toEqual([]);
    const clash = await metafieldsSet([{ ownerId: second, namespace: "$app:scim", key: "external_id", value: "00u1" }]);
    expect(clash).toEqual({
      metafields: [],
      userErrors: [{ field: ["metafields", "0", "value"], message: "Value has already been taken", code: "TAKEN", elementIndex: null }],
    });
    // Re-setting the same value on its holder is fine.
    expect((await metafieldsSet([{ ownerId: first, namespace: "$app:scim", key: "external_id", value: "00u1" }])).userErrors).toEqual([]);
  });

  it("is atomic: one bad entry means nothing is written", async () => {
    const ownerId = await newCustomer("atomic@example.com");
    const result = await metafieldsSet([
      { ownerId, key: "ok", type: "single_line_text_field", value: "fine" },
      { ownerId, key: "count", type: "number_integer", value: "twelve" },
    ]);
    expect(result.userErrors).toEqual([{ field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE", elementIndex: null }]);
    const read = await harness.graphql(token, `query($id: ID!) { customer(id: $id) { metafields(first: 5) { nodes { key } } } }`, { id: ownerId });
    expect(read.body.data!.customer.metafields.nodes).toEqual([]);
  });

  it("checks compareDigest and the 25 metafield limit", async () => {
    const ownerId = await newCustomer("digest@example.com");
    const created = await metafieldsSet([{ ownerId, key: "note", type: "single_line_text_field", value: "v1", compareDigest: null }]);
    const digest = created.metafields[0]!.compareDigest as string;
    expect((await metafieldsSet([{ ownerId, key: "note", value: "v2", compareDigest: digest }])).userErrors).toEqual([]);
    const stale = await metafieldsSet([{ ownerId, key: "note", value: "v3", compareDigest: digest }]);
    expect(stale.userErrors[0]).toMatchObject({ field: ["metafields", "0", "compareDigest"], code: "STALE_OBJECT" });
    const tooMany = await metafieldsSet(Array.from({ length: 26 }, (_, index) => ({ ownerId, key: `k${index}`, type: "boolean", value: "true" })));
    expect(tooMany.userErrors).toEqual([{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }]);
  });

  it("requires a type when no definition or existing metafield provides one", async () => {
    const ownerId = await newCustomer("typeless@example.com");
    expect((await metafieldsSet([{ ownerId, key: "mystery", value: "x" }])).userErrors[0]).toMatchObject({ field: ["metafields", "0", "type"], code: "BLANK" });
  });
});

describe("metafieldDefinitionCreate", () => {
  it("refuses a second definition for the same namespace and key", async () => {
    const response = await harness.graphql(
      token,
      `mutation { metafieldDefinitionCreate(definition: { name: "Again", namespace: "$app:scim", key: "external_id", type: "single_line_text_field", ownerType: CUSTOMER }) {
        createdDefinition { id } userErrors { field code } } }`,
    );
    expect(response.body.data!.metafieldDefinitionCreate).toEqual({ createdDefinition: null, userErrors: [{ field: ["definition", "key"], code: "TAKEN" }] });
  });

  it("refuses unique values on types that cannot hold them", async () => {
    const response = await harness.graphql(
      token,
      `mutation { metafieldDefinitionCreate(definition: { name: "Flag", key: "flag", type: "boolean", ownerType: CUSTOMER, capabilities: { uniqueValues: { enabled: true } } }) {
        userErrors { field code } } }`,
    );
    expect(response.body.data!.metafieldDefinitionCreate.userErrors).toEqual([{ field: ["definition", "capabilities"], code: "INVALID_CAPABILITY" }]);
  });
});
