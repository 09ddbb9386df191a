import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_FIELDS, SHOP, TwinHarness } from "./test-support";

let harness: TwinHarness;
let token: string;

beforeAll(async () => {
  harness = await TwinHarness.start();
  token = await harness.adminToken();
});
afterAll(() => harness.close());

const CREATE = `mutation CustomerCreate($input: CustomerInput!) {
  customerCreate(input: $input) {
    customer { ${CUSTOMER_FIELDS} defaultEmailAddress { emailAddress marketingState } }
    userErrors { field message }
  }
}`;

describe("Admin GraphQL", () => {
  it("stores a valid customerCreate, visible through customer(id) and the control dump", async () => {
    const created = await harness.graphql(token, CREATE, {
      input: { email: "Ada.Lovelace@Example.com", firstName: "Ada", lastName: "Lovelace", phone: "+44 20 7946 0000", tags: ["okta:eng", "vip"] },
    });
    expect(created.status).toBe(200);
    const customer = created.body.data!.customerCreate.customer;
    expect(created.body.data!.customerCreate.userErrors).toEqual([]);
    expect(customer).toMatchObject({
      email: "ada.lovelace@example.com",
      phone: "+442079460000",
      displayName: "Ada Lovelace",
      tags: ["okta:eng", "vip"],
      state: "DISABLED",
      canDelete: true,
      numberOfOrders: "0",
      locale: "en",
      defaultEmailAddress: { emailAddress: "ada.lovelace@example.com", marketingState: "NOT_SUBSCRIBED" },
    });
    expect(customer.id).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);
    expect(created.body.extensions!.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });

    const read = await harness.graphql(token, `query($id: ID!) { customer(id: $id) { id email firstName } }`, { id: customer.id });
    expect(read.body.data).toEqual({ customer: { id: customer.id, email: "ada.lovelace@example.com", firstName: "Ada" } });

    const dump = await harness.control("GET", `/shops/${SHOP}/customers`);
    expect(dump.body.customers).toEqual(
      expect.arrayContaining([expect.objectContaining({ gid: customer.id, email: "ada.lovelace@example.com", lastName: "Lovelace" })]),
    );
  });

  it("answers userErrors the way customerCreate does for duplicates and bad formats", async () => {
    await harness.graphql(token, CREATE, { input: { email: "dup@example.com" } });
    const duplicate = await harness.graphql(token, CREATE, { input: { email: "DUP@example.com", phone: "12345" } });
    expect(duplicate.body.data!.customerCreate).toEqual({
      customer: null,
      userErrors: [
        { field: ["phone"], message: "Phone is invalid" },
        { field: ["email"], message: "Email has already been taken" },
      ],
    });
    const invalid = await harness.graphql(token, CREATE, { input: { email: "not-an-email" } });
    expect(invalid.body.data!.customerCreate.userErrors).toEqual([{ field: ["email"], message: "Email is invalid" }]);
  });

  it("rejects a misspelled field like Shopify: errors with locations and path, no data", async () => {
    const response = await harness.graphql(token, `query Lookup {\n  shop {\n    nmae\n  }\n}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      errors: [
        {
          message: "Field 'nmae' doesn't exist on type 'Shop'",
          locations: [{ line: 3, column: 5 }],
          path: ["query Lookup", "shop", "nmae"],
          extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nmae" },
        },
      ],
    });
  });

  it("uses graphql-ruby wording for other common validation errors", async () => {
    const missingArgument = await harness.graphql(token, `{ customer { id } }`);
    expect(missingArgument.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'customer' is missing required arguments: id",
        extensions: { code: "missingRequiredArguments", className: "Field", name: "customer", arguments: "id" },
      }),
    ]);
    const scalarSelection = await harness.graphql(token, `{ shop { name { first } } }`);
    expect(scalarSelection.body.errors![0]!.message).toBe(`Selections can't be made on scalars (field 'name' returns String but has selections ["first"])`);
    const noSelection = await harness.graphql(token, `{ shop }`);
    expect(noSelection.body.errors![0]!.message).toBe("Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)");
    const unknownArgument = await harness.graphql(token, `{ shop(id: 1) { name } }`);
    expect(unknownArgument.body.errors![0]!).toMatchObject({
      message: "Field 'shop' doesn't accept argument 'id'",
      extensions: { code: "argumentNotAccepted", name: "shop", typeName: "Field", argumentName: "id" },
    });
    const nullable = await harness.graphql(token, `query($id: ID) { customer(id: $id) { id } }`, { id: "x" });
    expect(nullable.body.errors![0]!).toMatchObject({
      message: "Nullability mismatch on variable $id and argument id (ID / ID!)",
      extensions: { code: "variableMismatch", variableName: "id", argumentName: "id" },
    });
    const wrongType = await harness.graphql(token, `query($id: String!) { customer(id: $id) { id } }`, { id: "x" });
    expect(wrongType.body.errors![0]!.message).toBe("Type mismatch on variable $id and argument id (String! / ID!)");
    const literal = await harness.graphql(token, `mutation { customerCreate(input: {email: 5}) { userErrors { message } } }`);
    expect(literal.body.errors![0]!).toMatchObject({
      message: "Argument 'email' on InputObject 'CustomerInput' has an invalid value (5). Expected type 'String'.",
      path: ["mutation", "customerCreate", "input", "email"],
      extensions: { code: "argumentLiteralsIncompatible", typeName: "InputObject", argumentName: "email" },
    });
    expect(literal.body).not.toHaveProperty("data");
  });

  it("answers parse errors with graphql-ruby's message and no data", async () => {
    const response = await harness.graphql(token, `{ shop { name } } }`);
    expect(response.body).toEqual({ errors: [{ message: `Parse error on "}" (RCURLY) at [1, 19]`, locations: [{ line: 1, column: 19 }] }] });
  });

  it("rejects invalid variables before running anything", async () => {
    const response = await harness.graphql(token, CREATE, { input: { email: 42, tags: "x", unknown: true } });
    expect(response.body).toEqual({
      errors: [
        {
          message:
            "Variable $input of type CustomerInput! was provided invalid value for email (Could not coerce value 42 to String), unknown (Field is not defined on CustomerInput)",
          locations: [{ line: 1, column: 25 }],
          extensions: {
            value: { email: 42, tags: "x", unknown: true },
            problems: [
              { path: ["email"], explanation: "Could not coerce value 42 to String" },
              { path: ["unknown"], explanation: "Field is not defined on CustomerInput" },
            ],
          },
        },
      ],
    });
    const missing = await harness.graphql(token, CREATE, {});
    expect(missing.body.errors![0]!.message).toBe("Variable $input of type CustomerInput! was provided invalid value");
  });

  it("answers 401 with Shopify's body for unknown tokens", async () => {
    const response = await harness.graphql("shpat_not-a-token", `{ shop { name } }`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("insists that X-Shopify-Twin-Shop agrees with the token's shop", async () => {
    const ok = await harness.graphql(token, `{ shop { myshopifyDomain } }`, undefined, { "X-Shopify-Twin-Shop": SHOP });
    expect(ok.body.data).toEqual({ shop: { myshopifyDomain: SHOP } });
    const wrong = await harness.graphql(token, `{ shop { name } }`, undefined, { "X-Shopify-Twin-Shop": "other.myshopify.com" });
    expect(wrong.status).toBe(400);
  });

  it("denies fields whose scope the token lacks with ACCESS_DENIED", async () => {
    const readOnly = await harness.adminToken(SHOP, "read_customers");
    const denied = await harness.graphql(readOnly, CREATE, { input: { email: "nobody@example.com" } });
    expect(denied.body).toMatchObject({
      data: { customerCreate: null },
      errors: [
        {
          message: "Access denied for customerCreate field. Required access: `write_customers` access scope.",
          path: ["customerCreate"],
          extensions: { code: "ACCESS_DENIED", requiredAccess: "`write_customers` access scope." },
        },
      ],
    });
    const erasure = await harness.graphql(token, `mutation($id: ID!) { customerRequestDataErasure(customerId: $id) { customerId } }`, { id: "gid://shopify/Customer/1" });
    expect(erasure.body.errors![0]!.extensions!.requiredAccess).toContain("write_customer_data_erasure");
    const noCustomers = await harness.adminToken(SHOP, "read_products");
    const reads = await harness.graphql(noCustomers, `{ customers(first: 1) { nodes { id } } }`);
    expect(reads.body.errors![0]!.extensions!.code).toBe("ACCESS_DENIED");
  });

  it("refuses fields it does not model instead of inventing values", async () => {
    const response = await harness.graphql(token, `{ shop { name ianaTimezone } }`);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: "not implemented by the Shopify twin: Shop.ianaTimezone", path: ["shop", "ianaTimezone"] })]);
  });

  it("serves only 2026-10", async () => {
    const response = await harness.request("POST", "/admin/api/2025-10/graphql.json", { query: "{ shop { name } }" }, { "X-Shopify-Access-Token": token });
    expect(response.status).toBe(404);
  });

  it("refuses queries over the 1000 point single-query limit", async () => {
    // 2 + 250 × (customer 1 + defaultAddress 1 + metafield 1 + defaultEmailAddress 1)
    const query = `{ customers(first: 250) { nodes { id defaultAddress { id } metafield(key: "a") { id } defaultEmailAddress { emailAddress } } } }`;
    const response = await harness.graphql(token, query);
    expect(response.body.errors![0]!.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 1002, maxCost: 1000 });
    expect(response.body.extensions!.cost).toMatchObject({ requestedQueryCost: 1002, actualQueryCost: null });
    expect(response.body).not.toHaveProperty("data");
  });
});
