import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { actualQueryCost, requestedQueryCost } from "./cost";
import { adminSchema } from "./schema";

const schema = adminSchema().schema;

function costInput(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return { schema, operation, fragments, variables };
}

const requested = (query: string, variables?: Record<string, unknown>) => requestedQueryCost(costInput(query, variables));

describe("query cost", () => {
  it("charges objects 1, scalars 0 and connections 2 + n × node", () => {
    expect(requested(`{ shop { name } }`)).toBe(1);
    expect(requested(`{ shop { name plan { displayName } } }`)).toBe(2);
    expect(requested(`{ customers(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }`)).toBe(12);
    expect(requested(`query($n: Int) { customers(first: $n) { nodes { id } } }`, { n: 50 })).toBe(52);
    expect(requested(`{ customers(first: 5) { nodes { id metafields(first: 3) { nodes { value } } } } }`)).toBe(2 + 5 * (1 + 2 + 3));
    expect(requested(`{ customers(first: 5) { pageInfo { hasNextPage } } }`)).toBe(2);
  });

  it("charges mutations 10 flat and ignores skipped fields and introspection", () => {
    expect(requested(`mutation { customerCreate(input: {}) { customer { id metafields(first: 50) { nodes { id } } } userErrors { message } } }`)).toBe(10);
    expect(requested(`query($skip: Boolean!) { shop { name } customer(id: "1") @skip(if: $skip) { id } }`, { skip: true })).toBe(1);
    expect(requested(`{ __typename __type(name: "Shop") { name } }`)).toBe(0);
  });

  it("counts the most expensive fragment on an abstract type", () => {
    const query = `mutation { tagsAdd(id: "1", tags: []) { node { id } } }`;
    expect(requested(query)).toBe(10);
    const onNode = `query($id: ID!) { customer(id: $id) { metafield(key: "k") { owner { ... on Customer { defaultAddress { id } defaultEmailAddress { emailAddress } } ... on Shop { plan { displayName } } } } } }`;
    // customer 1 + metafield 1 + owner 1 + max(Customer: 2, Shop: 1)
    expect(requested(onNode, { id: "x" })).toBe(5);
  });

  it("prices the actual response: returned nodes only, nulls free", () => {
    const input = costInput(`{ customers(first: 10) { nodes { id defaultAddress { id } } } shop { name } }`);
    const data = { customers: { nodes: [{ id: "1", defaultAddress: null }, { id: "2", defaultAddress: { id: "a" } }] }, shop: { name: "x" } };
    expect(requestedQueryCost(input)).toBe(2 + 10 * 2 + 1);
    expect(actualQueryCost(input, data)).toBe(2 + 1 + 2 + 1);
  });
});
