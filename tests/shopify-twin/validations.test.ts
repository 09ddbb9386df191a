import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

// Cart and checkout validations and the app's Shopify Functions, through the twin's GraphQL
// endpoint with the app's own token (token exchange) and with a control-API token (another app).

const SCOPES = "read_customers,write_customers,write_validations";
let harness: TwinHarness;
let counter = 0;

beforeAll(async () => {
  harness = await TwinHarness.start({ scopes: SCOPES });
});
afterAll(() => harness.close());

/** A fresh shop with the app installed; returns the shop and the app's offline token. */
async function install(): Promise<{ shop: string; token: string }> {
  const shop = `validations-${++counter}.myshopify.com`;
  const response = await harness.exchange({ shop, expiring: false });
  expect(response.status).toBe(200);
  return { shop, token: response.body.access_token as string };
}

const VALIDATION_FIELDS = `id title enabled blockOnFailure errorHistory { firstOccurredAt }
  shopifyFunction { id handle apiType title appKey }
  checkoutMessage: metafield(namespace: "$app:scim", key: "checkout_message") { namespace value type ownerType owner { ... on Validation { id } } }`;

const CREATE = `mutation Create($validation: ValidationCreateInput!) {
  validationCreate(validation: $validation) { validation { ${VALIDATION_FIELDS} } userErrors { field message code } }
}`;

const UPDATE = `mutation Update($id: ID!, $validation: ValidationUpdateInput!) {
  validationUpdate(id: $id, validation: $validation) { validation { ${VALIDATION_FIELDS} } userErrors { field message code } }
}`;

const DELETE = `mutation Delete($id: ID!) { validationDelete(id: $id) { deletedId userErrors { field message code } } }`;

const LIST = `query List { validations(first: 50) { nodes { id title enabled shopifyFunction { handle } } pageInfo { hasNextPage } } }`;

async function create(token: string, validation: Record<string, unknown>) {
  const response = await harness.graphql(token, CREATE, { validation });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.validationCreate as { validation: Record<string, any> | null; userErrors: Array<Record<string, unknown>> };
}

async function update(token: string, id: string, validation: Record<string, unknown>) {
  const response = await harness.graphql(token, UPDATE, { id, validation });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.validationUpdate as { validation: Record<string, any> | null; userErrors: Array<Record<string, unknown>> };
}

describe("shopifyFunctions", () => {
  it("lists the functions the calling app deployed, filtered by apiType", async () => {
    const { token } = await install();
    const query = `query Functions($apiType: String) { shopifyFunctions(first: 10, apiType: $apiType) {
      nodes { id handle apiType apiVersion title description appKey useCreationUi inputQuery app { apiKey } }
      edges { cursor } pageInfo { hasNextPage } } }`;
    const all = await harness.graphql(token, query, { apiType: "cart_checkout_validation" });
    expect(all.body.errors).toBeUndefined();
    const [fn] = all.body.data!.shopifyFunctions.nodes;
    expect(all.body.data!.shopifyFunctions.nodes).toHaveLength(1);
    expect(fn).toMatchObject({
      handle: "deactivated-checkout-block",
      apiType: "cart_checkout_validation",
      apiVersion: "2026-10",
      title: "Block deactivated people at checkout",
      appKey: "twin-test-api-key",
      useCreationUi: false,
      app: { apiKey: "twin-test-api-key" },
    });
    expect(fn.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fn.inputQuery).toContain('metafield(namespace: "$app:scim", key: "checkout_message")');
    const other = await harness.graphql(token, query, { apiType: "product_discounts" });
    expect(other.body.data!.shopifyFunctions.nodes).toEqual([]);
    const byId = await harness.graphql(token, `query($id: String!) { shopifyFunction(id: $id) { handle } }`, { id: fn.id });
    expect(byId.body.data!.shopifyFunction).toEqual({ handle: "deactivated-checkout-block" });
  });

  it("lists nothing for another app (a control-API token)", async () => {
    const { shop } = await install();
    const adminToken = await harness.adminToken(shop, SCOPES);
    const response = await harness.graphql(adminToken, `{ shopifyFunctions(first: 10) { nodes { id } } }`);
    expect(response.body.data!.shopifyFunctions.nodes).toEqual([]);
  });

  it("follows the deployed functions set through the control API", async () => {
    const { token } = await install();
    try {
      const put = await harness.control("PUT", "/functions", {
        functions: [{ handle: "deactivated-checkout-block" }, { handle: "bulk-discount", apiType: "product_discounts", title: "Bulk discount" }],
      });
      expect(put.status).toBe(200);
      const response = await harness.graphql(token, `{ shopifyFunctions(first: 1) { nodes { handle } pageInfo { hasNextPage endCursor } } }`);
      const page = response.body.data!.shopifyFunctions;
      expect(page.nodes).toEqual([{ handle: "deactivated-checkout-block" }]);
      expect(page.pageInfo.hasNextPage).toBe(true);
      const next = await harness.graphql(token, `query($after: String) { shopifyFunctions(first: 5, after: $after) { nodes { handle apiType } } }`, { after: page.pageInfo.endCursor });
      expect(next.body.data!.shopifyFunctions.nodes).toEqual([{ handle: "bulk-discount", apiType: "product_discounts" }]);
      expect((await harness.control("PUT", "/functions", { functions: [{ handle: "Not A Handle" }] })).status).toBe(400);
    } finally {
      await harness.control("PUT", "/functions", { functions: [{ handle: "deactivated-checkout-block", title: "Block deactivated people at checkout" }] });
    }
  });
});

describe("validationCreate", () => {
  it("activates the function by handle with a metafield the function reads, and lists it", async () => {
    const { shop, token } = await install();
    const result = await create(token, {
      functionHandle: "deactivated-checkout-block",
      enable: true,
      blockOnFailure: false,
      title: "Block deactivated people",
      metafields: [{ namespace: "$app:scim", key: "checkout_message", type: "single_line_text_field", value: "Ask IT to restore your access." }],
    });
    expect(result.userErrors).toEqual([]);
    expect(result.validation).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/Validation\/\d+$/),
      title: "Block deactivated people",
      enabled: true,
      blockOnFailure: false,
      errorHistory: null,
      shopifyFunction: { handle: "deactivated-checkout-block", apiType: "cart_checkout_validation", appKey: "twin-test-api-key" },
      checkoutMessage: { namespace: expect.stringMatching(/^app--\d+--scim$/), value: "Ask IT to restore your access.", type: "single_line_text_field", ownerType: "VALIDATION" },
    });
    expect(result.validation!.checkoutMessage.owner).toEqual({ id: result.validation!.id });

    const list = await harness.graphql(token, LIST);
    expect(list.body.data!.validations).toEqual({
      nodes: [{ id: result.validation!.id, title: "Block deactivated people", enabled: true, shopifyFunction: { handle: "deactivated-checkout-block" } }],
      pageInfo: { hasNextPage: false },
    });
    const one = await harness.graphql(token, `query($id: ID!) { validation(id: $id) { id enabled } }`, { id: result.validation!.id });
    expect(one.body.data!.validation).toEqual({ id: result.validation!.id, enabled: true });
    const missing = await harness.graphql(token, `query($id: ID!) { validation(id: $id) { id } }`, { id: "gid://shopify/Validation/1" });
    expect(missing.body.data!.validation).toBeNull();

    // Validations are the shop's: another app (a control-API token) sees it, not its $app metafield.
    const adminToken = await harness.adminToken(shop, SCOPES);
    const seen = await harness.graphql(adminToken, `{ validations(first: 5) { nodes { enabled checkoutMessage: metafield(namespace: "$app:scim", key: "checkout_message") { value } } } }`);
    expect(seen.body.data!.validations.nodes).toEqual([{ enabled: true, checkoutMessage: null }]);
    const dump = await harness.control("GET", `/shops/${shop}/validations`);
    expect(dump.body.validations).toMatchObject([{ gid: result.validation!.id, enabled: true, shopifyFunction: { handle: "deactivated-checkout-block" } }]);
  });

  it("defaults to disabled, not blocking on failure, titled after the function", async () => {
    const { token } = await install();
    const result = await create(token, { functionHandle: "deactivated-checkout-block" });
    expect(result.validation).toMatchObject({ enabled: false, blockOnFailure: false, title: "Block deactivated people at checkout", checkoutMessage: null });
  });

  it("answers Shopify's ValidationUserErrorCode values for bad function identifiers", async () => {
    const { token } = await install();
    const functions = await harness.graphql(token, `{ shopifyFunctions(first: 1) { nodes { id } } }`);
    const functionId = functions.body.data!.shopifyFunctions.nodes[0].id as string;
    expect(await create(token, { functionHandle: "deactivated-checkout-block", functionId })).toEqual({
      validation: null,
      userErrors: [{ field: ["validation"], message: "Only one of function_id or function_handle can be provided, not both.", code: "MULTIPLE_FUNCTION_IDENTIFIERS" }],
    });
    expect((await create(token, { enable: true })).userErrors).toEqual([
      { field: ["validation"], message: "Either function_id or function_handle must be provided.", code: "MISSING_FUNCTION_IDENTIFIER" },
    ]);
    expect((await create(token, { functionHandle: "no-such-function" })).userErrors).toEqual([
      { field: ["validation", "functionHandle"], message: "Function not found.", code: "FUNCTION_NOT_FOUND" },
    ]);
    expect((await create(token, { functionId: "00000000-0000-4000-a000-000000000000" })).userErrors).toEqual([
      { field: ["validation", "functionId"], message: "Function not found.", code: "FUNCTION_NOT_FOUND" },
    ]);
    expect((await create(token, { functionId })).userErrors).toEqual([]);
  });

  it("answers FUNCTION_NOT_FOUND when the app has not deployed the function, and FUNCTION_DOES_NOT_IMPLEMENT for another API", async () => {
    const { token } = await install();
    try {
      await harness.control("PUT", "/functions", { functions: [{ handle: "bulk-discount", apiType: "product_discounts" }] });
      expect((await create(token, { functionHandle: "deactivated-checkout-block", enable: true })).userErrors).toEqual([
        { field: ["validation", "functionHandle"], message: "Function not found.", code: "FUNCTION_NOT_FOUND" },
      ]);
      expect((await create(token, { functionHandle: "bulk-discount", enable: true })).userErrors).toEqual([
        { field: ["validation", "functionHandle"], message: "Function does not implement the required interface for this cart & checkout validation.", code: "FUNCTION_DOES_NOT_IMPLEMENT" },
      ]);
    } finally {
      await harness.control("PUT", "/functions", { functions: [{ handle: "deactivated-checkout-block", title: "Block deactivated people at checkout" }] });
    }
  });

  it("refuses a 26th active validation (MAX_VALIDATIONS_ACTIVATED), in create and in update", async () => {
    const { shop, token } = await install();
    for (let i = 0; i < 25; i++) {
      expect((await harness.control("POST", `/shops/${shop}/validations`, { title: `Rule ${i}`, appKey: `other-app-${i}` })).status).toBe(201);
    }
    const refused = await create(token, { functionHandle: "deactivated-checkout-block", enable: true });
    expect(refused).toEqual({
      validation: null,
      userErrors: [{ field: ["validation", "enable"], message: "Cannot have more than 25 active validation functions.", code: "MAX_VALIDATIONS_ACTIVATED" }],
    });
    const disabled = await create(token, { functionHandle: "deactivated-checkout-block", enable: false });
    expect(disabled.userErrors).toEqual([]);
    expect((await update(token, disabled.validation!.id, { enable: true })).userErrors).toEqual([
      { field: ["validation", "enable"], message: "Cannot have more than 25 active validation functions.", code: "MAX_VALIDATIONS_ACTIVATED" },
    ]);
    // Disabled validations do not count.
    const list = await harness.graphql(token, LIST);
    expect(list.body.data!.validations.nodes.filter((node: { enabled: boolean }) => node.enabled)).toHaveLength(25);
    expect(list.body.data!.validations.nodes).toHaveLength(26);
  });

  it("checks metafield values like metafieldsSet, with paths into the validation input", async () => {
    const { token } = await install();
    const result = await create(token, {
      functionHandle: "deactivated-checkout-block",
      metafields: [{ namespace: "$app:scim", key: "checkout_message", type: "single_line_text_field", value: "two\nlines" }],
    });
    expect(result).toEqual({
      validation: null,
      userErrors: [{ field: ["validation", "metafields", "0", "value"], message: "Value must be a single line text string.", code: "INVALID_VALUE" }],
    });
    expect((await harness.graphql(token, LIST)).body.data!.validations.nodes).toEqual([]);
  });
});

describe("validationUpdate and validationDelete", () => {
  it("toggles enable, keeps an omitted title, and upserts metafields", async () => {
    const { token } = await install();
    const created = await create(token, { functionHandle: "deactivated-checkout-block", enable: true, blockOnFailure: true, title: "Gate" });
    const id = created.validation!.id as string;
    const disabled = await update(token, id, { enable: false, blockOnFailure: true });
    expect(disabled.validation).toMatchObject({ id, enabled: false, blockOnFailure: true, title: "Gate" });
    const message = { namespace: "$app:scim", key: "checkout_message", type: "single_line_text_field", value: "Talk to IT." };
    const withMessage = await update(token, id, { enable: true, blockOnFailure: false, metafields: [message] });
    expect(withMessage.validation).toMatchObject({ enabled: true, blockOnFailure: false, checkoutMessage: { value: "Talk to IT." } });
    const changed = await update(token, id, { enable: true, metafields: [{ ...message, value: "Call the help desk." }] });
    expect(changed.validation).toMatchObject({ enabled: true, checkoutMessage: { value: "Call the help desk." } });
    const listed = await harness.graphql(token, `query($id: ID!) { validation(id: $id) { metafields(first: 5, namespace: "$app:scim") { nodes { key value } } } }`, { id });
    expect(listed.body.data!.validation.metafields.nodes).toEqual([{ key: "checkout_message", value: "Call the help desk." }]);
  });

  it("answers NOT_FOUND for an unknown id, and deletes", async () => {
    const { token } = await install();
    expect((await update(token, "gid://shopify/Validation/42", { enable: true })).userErrors).toEqual([
      { field: ["id"], message: "Validation not found.", code: "NOT_FOUND" },
    ]);
    const created = await create(token, { functionHandle: "deactivated-checkout-block", enable: true });
    const id = created.validation!.id as string;
    const deleted = await harness.graphql(token, DELETE, { id });
    expect(deleted.body.data!.validationDelete).toEqual({ deletedId: id, userErrors: [] });
    const again = await harness.graphql(token, DELETE, { id });
    expect(again.body.data!.validationDelete).toEqual({ deletedId: null, userErrors: [{ field: ["id"], message: "Validation not found.", code: "NOT_FOUND" }] });
    expect((await harness.graphql(token, LIST)).body.data!.validations.nodes).toEqual([]);
  });

  it("applies the schema's defaults to an omitted enable and blockOnFailure (false)", async () => {
    const { token } = await install();
    const id = (await create(token, { functionHandle: "deactivated-checkout-block", enable: true, blockOnFailure: true })).validation!.id as string;
    const renamed = await update(token, id, { title: "Renamed" });
    expect(renamed.validation).toMatchObject({ title: "Renamed", enabled: false, blockOnFailure: false });
  });
});

describe("metafields owned by a validation", () => {
  it("metafieldsSet and metafieldsDelete accept a Validation owner", async () => {
    const { token } = await install();
    const id = (await create(token, { functionHandle: "deactivated-checkout-block", enable: true })).validation!.id as string;
    const set = await harness.graphql(
      token,
      `mutation($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { key value ownerType owner { ... on Validation { id } } } userErrors { field message code } } }`,
      { metafields: [{ ownerId: id, namespace: "$app:scim", key: "checkout_message", type: "single_line_text_field", value: "Blocked." }] },
    );
    expect(set.body.data!.metafieldsSet).toEqual({ metafields: [{ key: "checkout_message", value: "Blocked.", ownerType: "VALIDATION", owner: { id } }], userErrors: [] });
    const DELETE_METAFIELDS = `mutation($metafields: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $metafields) { deletedMetafields { ownerId namespace key } userErrors { field message } } }`;
    const identifier = { ownerId: id, namespace: "$app:scim", key: "checkout_message" };
    const deleted = await harness.graphql(token, DELETE_METAFIELDS, { metafields: [identifier] });
    expect(deleted.body.data!.metafieldsDelete).toEqual({
      deletedMetafields: [{ ownerId: id, namespace: expect.stringMatching(/^app--\d+--scim$/), key: "checkout_message" }],
      userErrors: [],
    });
    const again = await harness.graphql(token, DELETE_METAFIELDS, { metafields: [identifier] });
    expect(again.body.data!.metafieldsDelete).toEqual({ deletedMetafields: [null], userErrors: [] });
  });
});

describe("access scopes", () => {
  it("needs write_validations to change validations and read_validations to read them", async () => {
    const { shop } = await install();
    const customersOnly = await harness.adminToken(shop, "read_customers,write_customers");
    const created = await harness.graphql(customersOnly, CREATE, { validation: { functionHandle: "deactivated-checkout-block" } });
    expect(created.body.data!.validationCreate).toBeNull();
    expect(created.body.errors![0]).toMatchObject({
      message: "Access denied for validationCreate field. Required access: `write_validations` access scope.",
      extensions: { code: "ACCESS_DENIED", requiredAccess: "`write_validations` access scope." },
    });
    const listed = await harness.graphql(customersOnly, LIST);
    expect(listed.body.errors![0]).toMatchObject({ message: "Access denied for validations field. Required access: `read_validations` access scope." });
    const readOnly = await harness.adminToken(shop, "read_validations");
    expect((await harness.graphql(readOnly, LIST)).body.errors).toBeUndefined();
    const denied = await harness.graphql(readOnly, UPDATE, { id: "gid://shopify/Validation/1", validation: { enable: false } });
    expect(denied.body.errors![0]!.extensions).toMatchObject({ code: "ACCESS_DENIED", requiredAccess: "`write_validations` access scope." });
  });
});

describe("uninstall", () => {
  it("removes the app's validations and keeps other apps'", async () => {
    const { shop, token } = await install();
    await create(token, { functionHandle: "deactivated-checkout-block", enable: true });
    await harness.control("POST", `/shops/${shop}/validations`, { title: "Order limits" });
    await harness.control("POST", `/shops/${shop}/revoke-tokens`);
    const dump = await harness.control("GET", `/shops/${shop}/validations`);
    expect(dump.body.validations.map((validation: { title: string }) => validation.title)).toEqual(["Order limits"]);
  });
});
