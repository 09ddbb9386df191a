import { validate } from "graphql";
import { describe, expect, it } from "vitest";
import { cartValidationsGenerateRun } from "../src/cart_validations_generate_run.js";
import { inputProblems, loadFixtures, loadInputQuery, loadSchema, outputProblems, tomlString } from "./input-query";

const schema = loadSchema();
const query = loadInputQuery();
const fixtures = loadFixtures();

describe("deactivated-checkout-block: configuration", () => {
  it("targets the cart and checkout validation run target with the template's export name", () => {
    expect(tomlString("target")).toBe("cart.validations.generate.run");
    expect(tomlString("export")).toBe("cart-validations-generate-run");
    expect(tomlString("input_query")).toBe("src/cart_validations_generate_run.graphql");
  });

  it("has an input query that is valid against Shopify's schema for its api_version", () => {
    expect(validate(schema, query).map((error) => error.message)).toEqual([]);
  });
});

describe("deactivated-checkout-block: fixtures", () => {
  it("covers every case the function distinguishes", () => {
    expect(fixtures.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "active-customer",
        "deactivated-by-metafield",
        "deactivated-by-tag-only",
        "guest",
        "b2b-active-contact",
        "b2b-deactivated-contact",
        "customer-without-markers",
        "merchant-message",
      ]),
    );
  });

  describe.each(fixtures)("%s", (_, { payload }) => {
    it("is shaped exactly like a response to the input query", () => {
      expect(inputProblems(schema, query, payload.input)).toEqual([]);
    });

    it("expects an output of the target's result type", () => {
      expect(payload.target).toBe(tomlString("target"));
      expect(payload.export).toBe(tomlString("export"));
      expect(outputProblems(schema, payload.output)).toEqual([]);
    });

    it("gets the expected output from the function", () => {
      // The JSON fixture is the input type by construction: inputProblems checks it above.
      const input = payload.input as Parameters<typeof cartValidationsGenerateRun>[0];
      expect(cartValidationsGenerateRun(input)).toEqual(payload.output);
    });
  });
});

describe("deactivated-checkout-block: the shape check itself", () => {
  const [, { payload }] = fixtures.find(([name]) => name === "deactivated-by-metafield")!;
  const input = payload.input as { cart: { buyerIdentity: Record<string, unknown> } };
  const withBuyer = (buyerIdentity: Record<string, unknown>) => ({ ...input, cart: { buyerIdentity } });

  it("reports a field the query does not select", () => {
    expect(inputProblems(schema, query, withBuyer({ ...input.cart.buyerIdentity, email: "a@example.com" }))).toEqual([
      "$.cart.buyerIdentity.email: not selected by the query",
    ]);
  });

  it("reports a selected field that is missing, and a value of the wrong type", () => {
    const { isAuthenticated: _, ...withoutIsAuthenticated } = input.cart.buyerIdentity;
    expect(inputProblems(schema, query, withBuyer(withoutIsAuthenticated))).toEqual(["$.cart.buyerIdentity.isAuthenticated: missing"]);
    expect(inputProblems(schema, query, withBuyer({ ...input.cart.buyerIdentity, isAuthenticated: "yes" }))).toEqual([
      "$.cart.buyerIdentity.isAuthenticated: expected a Boolean",
    ]);
  });

  it("reports an output the schema would reject", () => {
    expect(outputProblems(schema, { operations: [{ validationAdd: { errors: [{ message: "No" }] } }] })).not.toEqual([]);
  });
});
