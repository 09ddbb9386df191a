import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP, TwinHarness } from "./test-support";

let harness: TwinHarness;
let token: string;

beforeAll(async () => {
  harness = await TwinHarness.start({ scopes: "read_customers,write_customers,write_customer_data_erasure" });
  token = await harness.adminToken();
});
afterAll(() => harness.close());

const SET = `mutation Set($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
  customerSet(identifier: $identifier, input: $input) {
    customer { id email firstName lastName tags addresses { id city countryCodeV2 country } metafield(namespace: "$app:scim", key: "external_id") { value } }
    userErrors { field message code }
  }
}`;

const DEFINE_EXTERNAL_ID = `mutation {
  metafieldDefinitionCreate(definition: {
    name: "SCIM external id", namespace: "$app:scim", key: "external_id", type: "single_line_text_field",
    ownerType: CUSTOMER, capabilities: { uniqueValues: { enabled: true } }
  }) { createdDefinition { id namespace key capabilities { uniqueValues { enabled } } } userErrors { field message code } }
}`;

async function customerSet(identifier: Record<string, unknown> | null, input: Record<string, unknown>) {
  const response = await harness.graphql(token, SET, { identifier, input });
  return response.body.data!.customerSet as { customer: Record<string, any> | null; userErrors: Array<{ field: string[]; message: string; code: string }> };
}

describe("customerSet", () => {
  it("upserts by email: creates first, then updates the same customer", async () => {
    const created = await customerSet({ email: "grace@example.com" }, { email: "grace@example.com", firstName: "Grace" });
    expect(created.userErrors).toEqual([]);
    const updated = await customerSet({ email: "GRACE@example.com" }, { email: "grace@example.com", lastName: "Hopper" });
    expect(updated.customer).toMatchObject({ id: created.customer!.id, firstName: "Grace", lastName: "Hopper" });
  });

  it("upserts by customId once a unique-values definition exists", async () => {
    const withoutDefinition = await customerSet({ customId: { namespace: "$app:scim", key: "external_id", value: "okta-1" } }, { email: "linus@example.com" });
    expect(withoutDefinition.userErrors[0]).toMatchObject({ field: ["identifier", "customId"], code: "NOT_FOUND" });

    const definition = await harness.graphql(token, DEFINE_EXTERNAL_ID);
    expect(definition.body.data!.metafieldDefinitionCreate.userErrors).toEqual([]);
    expect(definition.body.data!.metafieldDefinitionCreate.createdDefinition.namespace).toMatch(/^app--\d+--scim$/);

    const customId = { namespace: "$app:scim", key: "external_id", value: "okta-1" };
    const created = await customerSet({ customId }, { email: "linus@example.com", firstName: "Linus" });
    expect(created.customer).toMatchObject({ email: "linus@example.com", metafield: { value: "okta-1" } });
    const renamed = await customerSet({ customId }, { email: "linus.t@example.com" });
    expect(renamed.customer).toMatchObject({ id: created.customer!.id, email: "linus.t@example.com", firstName: "Linus" });

    const lookup = await harness.graphql(token, `query($identifier: CustomerIdentifierInput!) { customerByIdentifier(identifier: $identifier) { id } }`, {
      identifier: { customId },
    });
    expect(lookup.body.data).toEqual({ customerByIdentifier: { id: created.customer!.id } });
  });

  it("answers CustomerSetUserError codes for identifier problems", async () => {
    expect((await customerSet({ email: "a@example.com" }, { firstName: "A" })).userErrors).toEqual([
      { field: ["input", "email"], message: "The input field corresponding to the identifier is required.", code: "MISSING_FIELD_REQUIRED" },
    ]);
    expect((await customerSet({ email: "a@example.com" }, { email: "b@example.com" })).userErrors[0]!.code).toBe("INPUT_MISMATCH");
    expect((await customerSet({ id: "gid://shopify/Customer/1" }, { firstName: "A" })).userErrors[0]).toEqual({
      field: ["identifier", "id"],
      message: "Resource matching the identifier was not found.",
      code: "NOT_FOUND",
    });
    expect((await customerSet({ email: "a@example.com" }, { id: "gid://shopify/Customer/1", email: "a@example.com" })).userErrors[0]!.code).toBe("ID_NOT_ALLOWED");
    expect((await customerSet(null, { email: "bad@@example" })).userErrors).toEqual([{ field: ["input", "email"], message: "Email is invalid", code: "INVALID" }]);
    expect((await customerSet(null, { phone: "555-1234" })).userErrors).toEqual([{ field: ["input", "phone"], message: "Phone is invalid", code: "INVALID" }]);
    await customerSet(null, { email: "taken@example.com" });
    expect((await customerSet(null, { email: "taken@example.com" })).userErrors).toEqual([
      { field: ["input", "email"], message: "Email has already been taken", code: "TAKEN" },
    ]);
  });

  it("replaces list fields (tags, addresses) and leaves omitted fields alone", async () => {
    const created = await customerSet(null, {
      email: "lists@example.com",
      firstName: "Lists",
      tags: ["merchant-tag", "okta:sales"],
      addresses: [{ city: "Ottawa", countryCode: "CA" }, { city: "Lyon", countryCode: "FR" }],
    });
    expect(created.customer!.addresses).toEqual([
      expect.objectContaining({ city: "Ottawa", countryCodeV2: "CA", country: "Canada" }),
      expect.objectContaining({ city: "Lyon", countryCodeV2: "FR", country: "France" }),
    ]);
    const updated = await customerSet({ id: created.customer!.id }, { tags: ["okta:eng"], addresses: [{ city: "Lyon", countryCode: "FR" }] });
    expect(updated.customer).toMatchObject({ firstName: "Lists", tags: ["okta:eng"] });
    expect(updated.customer!.addresses).toEqual([{ id: created.customer!.addresses[1].id, city: "Lyon", countryCodeV2: "FR", country: "France" }]);
  });
});

describe("tagsAdd / tagsRemove", () => {
  it("adds and removes without touching other tags, ignoring case and duplicates", async () => {
    const customer = (await customerSet(null, { email: "tags@example.com", tags: ["Merchant", "okta:sales"] })).customer!;
    const add = await harness.graphql(token, `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { ... on Customer { tags } } userErrors { field message } } }`, {
      id: customer.id,
      tags: ["okta:eng, OKTA:SALES", "  vip "],
    });
    expect(add.body.data!.tagsAdd).toEqual({ node: { tags: ["Merchant", "okta:eng", "okta:sales", "vip"] }, userErrors: [] });
    const remove = await harness.graphql(token, `mutation($id: ID!) { tagsRemove(id: $id, tags: ["OKTA:SALES", "absent"]) { node { ... on Customer { tags } } userErrors { message } } }`, {
      id: customer.id,
    });
    expect(remove.body.data!.tagsRemove).toEqual({ node: { tags: ["Merchant", "okta:eng", "vip"] }, userErrors: [] });
  });

  it("enforces Shopify's 250 tags per customer", async () => {
    const customer = (await customerSet(null, { email: "many-tags@example.com" })).customer!;
    const tags = Array.from({ length: 251 }, (_, index) => `tag-${index}`);
    const response = await harness.graphql(token, `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`, {
      id: customer.id,
      tags,
    });
    expect(response.body.data!.tagsAdd.node).toBeNull();
    expect(response.body.data!.tagsAdd.userErrors[0].field).toEqual(["tags"]);
  });
});

describe("customerDelete, erasure and consent", () => {
  it("refuses to delete a customer with orders, deletes one without", async () => {
    const seeded = await harness.control("POST", `/shops/${SHOP}/customers`, { email: "buyer@example.com", numberOfOrders: 3 });
    expect(seeded.status).toBe(201);
    const DELETE = `mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId shop { myshopifyDomain } userErrors { field message } } }`;
    const refused = await harness.graphql(token, DELETE, { id: seeded.body.gid });
    expect(refused.body.data!.customerDelete).toEqual({
      deletedCustomerId: null,
      shop: { myshopifyDomain: SHOP },
      userErrors: [{ field: ["id"], message: "Customer can't be deleted because they have associated orders" }],
    });
    const canDelete = await harness.graphql(token, `query($id: ID!) { customer(id: $id) { canDelete numberOfOrders } }`, { id: seeded.body.gid });
    expect(canDelete.body.data).toEqual({ customer: { canDelete: false, numberOfOrders: "3" } });

    const deletable = (await customerSet(null, { email: "leaver@example.com" })).customer!;
    const deleted = await harness.graphql(token, DELETE, { id: deletable.id });
    expect(deleted.body.data!.customerDelete).toMatchObject({ deletedCustomerId: deletable.id, userErrors: [] });
    const gone = await harness.graphql(token, `query($id: ID!) { customer(id: $id) { id } }`, { id: deletable.id });
    expect(gone.body.data).toEqual({ customer: null });
  });

  it("records data erasure requests and reports unknown customers", async () => {
    const customer = (await customerSet(null, { email: "erase-me@example.com" })).customer!;
    const ERASE = `mutation($id: ID!) { customerRequestDataErasure(customerId: $id) { customerId userErrors { field message code } } }`;
    const requested = await harness.graphql(token, ERASE, { id: customer.id });
    expect(requested.body.data!.customerRequestDataErasure).toEqual({ customerId: customer.id, userErrors: [] });
    const dump = await harness.control("GET", `/shops/${SHOP}/customers`);
    expect(dump.body.erasureRequests).toEqual([expect.objectContaining({ customerId: Number(customer.id.split("/").pop()) })]);
    const unknown = await harness.graphql(token, ERASE, { id: "gid://shopify/Customer/42" });
    expect(unknown.body.data!.customerRequestDataErasure.userErrors).toEqual([{ field: ["customerId"], message: "Customer does not exist.", code: "DOES_NOT_EXIST" }]);
  });

  it("unsubscribes a customer from email marketing", async () => {
    const customer = (await customerSet(null, { email: "newsletter@example.com" })).customer!;
    const response = await harness.graphql(
      token,
      `mutation($input: CustomerEmailMarketingConsentUpdateInput!) {
        customerEmailMarketingConsentUpdate(input: $input) { customer { defaultEmailAddress { marketingState marketingUpdatedAt } } userErrors { field message code } }
      }`,
      { input: { customerId: customer.id, emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } } },
    );
    expect(response.body.data!.customerEmailMarketingConsentUpdate).toEqual({
      customer: { defaultEmailAddress: { marketingState: "UNSUBSCRIBED", marketingUpdatedAt: expect.stringMatching(/Z$/) } },
      userErrors: [],
    });
  });
});

describe("customerUpdate and customerByIdentifier", () => {
  it("keeps emails unique across customers", async () => {
    await customerSet(null, { email: "first@example.com" });
    const second = (await customerSet(null, { email: "second@example.com" })).customer!;
    const response = await harness.graphql(token, `mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { id } userErrors { field message } } }`, {
      input: { id: second.id, email: "First@Example.com" },
    });
    expect(response.body.data!.customerUpdate).toEqual({ customer: null, userErrors: [{ field: ["email"], message: "Email has already been taken" }] });
  });

  it("finds customers by email and phone", async () => {
    const customer = (await customerSet(null, { email: "lookup@example.com", phone: "+1 613 555 0199" })).customer!;
    const QUERY = `query($identifier: CustomerIdentifierInput!) { customerByIdentifier(identifier: $identifier) { id } }`;
    expect((await harness.graphql(token, QUERY, { identifier: { emailAddress: "LOOKUP@example.com" } })).body.data).toEqual({ customerByIdentifier: { id: customer.id } });
    expect((await harness.graphql(token, QUERY, { identifier: { phoneNumber: "+16135550199" } })).body.data).toEqual({ customerByIdentifier: { id: customer.id } });
    expect((await harness.graphql(token, QUERY, { identifier: { emailAddress: "nobody@example.com" } })).body.data).toEqual({ customerByIdentifier: null });
    const twoKeys = await harness.graphql(token, QUERY, { identifier: { emailAddress: "a@example.com", phoneNumber: "+16135550199" } });
    expect(twoKeys.body.errors![0]!.extensions!.problems).toEqual([
      { path: [], explanation: "'CustomerIdentifierInput' requires exactly one argument, but 2 were provided." },
    ]);
  });
});
