import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

// Required and optional access scopes: what `app`/`currentAppInstallation` report (what
// shopify-app-remix's scopes.query() sends), the grant the merchant gives in App Bridge's
// permission modal (control API), appRevokeAccessScopes, and uninstall forgetting the grants.

const REQUIRED = "read_customers,write_customers,write_validations";
const OPTIONAL = "write_customer_data_erasure";
let harness: TwinHarness;
let counter = 0;

beforeAll(async () => {
  harness = await TwinHarness.start({ scopes: REQUIRED, optionalScopes: OPTIONAL });
});
afterAll(() => harness.close());

async function install(expiring = false) {
  const shop = `scopes-${++counter}.myshopify.com`;
  const response = await harness.exchange({ shop, expiring });
  expect(response.status).toBe(200);
  return { shop, token: response.body.access_token as string, refreshToken: response.body.refresh_token as string | undefined, scope: response.body.scope as string };
}

// The document shopify-app-remix 6 sends for admin.scopes.query() / request().
const FETCH_ACCESS_SCOPES = `query FetchAccessScopes { app { requestedAccessScopes { handle } optionalAccessScopes { handle } installation { accessScopes { handle } } } }`;

async function scopesOf(token: string) {
  const response = await harness.graphql(token, FETCH_ACCESS_SCOPES);
  expect(response.body.errors).toBeUndefined();
  const app = response.body.data!.app;
  const handles = (list: Array<{ handle: string }>) => list.map((scope) => scope.handle);
  return { required: handles(app.requestedAccessScopes), optional: handles(app.optionalAccessScopes), granted: handles(app.installation.accessScopes) };
}

const ERASE = `mutation($id: ID!) { customerRequestDataErasure(customerId: $id) { customerId userErrors { message } } }`;

async function seededCustomerId(shop: string): Promise<string> {
  const seeded = await harness.control("POST", `/shops/${shop}/customers`, { email: `erase-${counter}@example.com` });
  return seeded.body.gid as string;
}

describe("scopes the app holds", () => {
  it("reports required, optional and granted scopes like Shopify's app query", async () => {
    const { shop, token, scope } = await install();
    expect(scope).toBe(REQUIRED);
    expect(await scopesOf(token)).toEqual({
      required: ["read_customers", "write_customers", "write_validations"],
      optional: ["write_customer_data_erasure"],
      granted: ["read_customers", "write_customers", "write_validations"],
    });
    const installation = await harness.graphql(token, `{ currentAppInstallation { id accessScopes { handle } app { id apiKey title } } app { id } }`);
    expect(installation.body.data!.currentAppInstallation).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/AppInstallation\/\d+$/),
      accessScopes: [{ handle: "read_customers" }, { handle: "write_customers" }, { handle: "write_validations" }],
      app: { apiKey: "twin-test-api-key", title: "SCIM provisioning", id: installation.body.data!.app.id },
    });
    expect((await harness.control("GET", `/shops/${shop}/app-scopes`)).body).toEqual({
      granted: ["read_customers", "write_customers", "write_validations"],
      required: ["read_customers", "write_customers", "write_validations"],
      optional: ["write_customer_data_erasure"],
    });
  });

  it("a control-API token is a custom app whose scopes are the token's", async () => {
    const { shop } = await install();
    const adminToken = await harness.adminToken(shop, "read_customers");
    expect(await scopesOf(adminToken)).toEqual({ required: ["read_customers"], optional: [], granted: ["read_customers"] });
  });
});

describe("granting an optional scope", () => {
  it("a declined request changes nothing", async () => {
    const { shop, token } = await install();
    const declined = await harness.control("POST", `/shops/${shop}/app-scopes/request`, { scopes: [OPTIONAL], decision: "decline" });
    expect(declined.body).toMatchObject({ result: "declined-all", detail: { granted: REQUIRED.split(",") } });
    expect((await scopesOf(token)).granted).not.toContain(OPTIONAL);
  });

  it("applies to the app's live token at once, and to refreshed and newly exchanged tokens", async () => {
    const { shop, token, refreshToken } = await install(true);
    const customerId = await seededCustomerId(shop);
    const before = await harness.graphql(token, ERASE, { id: customerId });
    expect(before.body.errors![0]!.message).toMatch(/^Access denied for customerRequestDataErasure field. Required access: `write_customer_data_erasure` access scope./);

    const granted = await harness.control("POST", `/shops/${shop}/app-scopes/request`, { scopes: [OPTIONAL] });
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual({
      result: "granted-all",
      detail: { granted: [...REQUIRED.split(","), OPTIONAL], required: REQUIRED.split(","), optional: [OPTIONAL] },
    });
    const after = await harness.graphql(token, ERASE, { id: customerId });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data!.customerRequestDataErasure).toEqual({ customerId, userErrors: [] });
    expect((await scopesOf(token)).granted).toContain(OPTIONAL);

    const refreshed = await harness.refresh(refreshToken!);
    expect(refreshed.body.scope).toBe(`${REQUIRED},${OPTIONAL}`);
    const exchanged = await harness.exchange({ shop, expiring: true });
    expect(exchanged.body.scope).toBe(`${REQUIRED},${OPTIONAL}`);
  });

  it("refuses scopes the app did not declare as optional", async () => {
    const { shop } = await install();
    const refused = await harness.control("POST", `/shops/${shop}/app-scopes/request`, { scopes: ["write_orders"] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: "UNDECLARED_SCOPES", scopes: ["write_orders"] });
  });
});

describe("revoking", () => {
  const REVOKE = `mutation AppRevokeAccessScopes($scopes: [String!]!) { appRevokeAccessScopes(scopes: $scopes) { revoked { handle } userErrors { field message code } } }`;

  it("appRevokeAccessScopes removes a granted optional scope and refuses required ones", async () => {
    const { shop, token } = await install();
    await harness.control("POST", `/shops/${shop}/app-scopes/request`, { scopes: [OPTIONAL] });
    const required = await harness.graphql(token, REVOKE, { scopes: ["write_customers"] });
    expect(required.body.data!.appRevokeAccessScopes).toEqual({
      revoked: null,
      userErrors: [{ field: ["scopes"], message: "Required scopes cannot be revoked: write_customers", code: "CANNOT_REVOKE_REQUIRED_SCOPES" }],
    });
    const undeclared = await harness.graphql(token, REVOKE, { scopes: ["write_orders"] });
    expect(undeclared.body.data!.appRevokeAccessScopes.userErrors[0].code).toBe("CANNOT_REVOKE_UNDECLARED_SCOPES");
    const revoked = await harness.graphql(token, REVOKE, { scopes: [OPTIONAL] });
    expect(revoked.body.data!.appRevokeAccessScopes).toEqual({ revoked: [{ handle: OPTIONAL }], userErrors: [] });
    expect((await scopesOf(token)).granted).toEqual(REQUIRED.split(","));
    const erase = await harness.graphql(token, ERASE, { id: await seededCustomerId(shop) });
    expect(erase.body.errors![0]!.extensions).toMatchObject({ code: "ACCESS_DENIED" });
  });

  it("the control API revokes too (App Bridge scopes.revoke)", async () => {
    const { shop } = await install();
    await harness.control("POST", `/shops/${shop}/app-scopes/request`, { scopes: [OPTIONAL] });
    const revoked = await harness.control("POST", `/shops/${shop}/app-scopes/revoke`, { scopes: [OPTIONAL] });
    expect(revoked.body).toEqual({ detail: { granted: REQUIRED.split(","), required: REQUIRED.split(","), optional: [OPTIONAL] } });
    const refused = await harness.control("POST", `/shops/${shop}/app-scopes/revoke`, { scopes: ["read_customers"] });
    expect(refused).toMatchObject({ status: 400, body: { code: "CANNOT_REVOKE_REQUIRED_SCOPES" } });
  });

  it("uninstalling forgets the grants: a reinstall starts from the required scopes", async () => {
    const { shop } = await install();
    await harness.control("POST", `/shops/${shop}/app-scopes/request`, { scopes: [OPTIONAL] });
    await harness.control("POST", `/shops/${shop}/revoke-tokens`);
    const reinstalled = await harness.exchange({ shop, expiring: true });
    expect(reinstalled.body.scope).toBe(REQUIRED);
  });
});

describe("customer accounts settings", () => {
  it("reports whether login is required at checkout, as seeded", async () => {
    const { shop, token } = await install();
    const query = `{ shop { customerAccountsV2 { customerAccountsVersion loginRequiredAtCheckout loginLinksVisibleOnStorefrontAndCheckout } } }`;
    expect((await harness.graphql(token, query)).body.data!.shop.customerAccountsV2).toEqual({
      customerAccountsVersion: "NEW_CUSTOMER_ACCOUNTS",
      loginRequiredAtCheckout: false,
      loginLinksVisibleOnStorefrontAndCheckout: true,
    });
    await harness.control("POST", "/shops", { shop, loginRequiredAtCheckout: true });
    expect((await harness.graphql(token, query)).body.data!.shop.customerAccountsV2.loginRequiredAtCheckout).toBe(true);
  });
});
