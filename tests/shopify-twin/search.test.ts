import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP, TwinHarness } from "./test-support";

let harness: TwinHarness;
let token: string;

beforeAll(async () => {
  harness = await TwinHarness.start();
  token = await harness.adminToken();
  const seeds = [
    { email: "carol@example.com", firstName: "Carol", tags: ["okta:sales"] },
    { email: "dave@example.com", firstName: "Dave", tags: ["okta:eng", "vip"] },
    { email: "erin@corp.example", firstName: "Erin", tags: ["okta:eng"] },
    { email: "frank@example.com", firstName: "Frank", tags: [] },
    { email: "grace@corp.example", firstName: "Grace", tags: ["okta:eng"] },
  ];
  for (const seed of seeds) {
    await harness.control("POST", `/shops/${SHOP}/customers`, seed);
    harness.clock.advance(60_000); // distinct createdAt/updatedAt
  }
});
afterAll(() => harness.close());

const LIST = `query($query: String, $first: Int, $last: Int, $after: String, $before: String, $sortKey: CustomerSortKeys, $reverse: Boolean) {
  customers(query: $query, first: $first, last: $last, after: $after, before: $before, sortKey: $sortKey, reverse: $reverse) {
    edges { cursor node { email } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function list(variables: Record<string, unknown>) {
  const response = await harness.graphql(token, LIST, variables);
  const connection = response.body.data!.customers as { edges: Array<{ cursor: string; node: { email: string } }>; pageInfo: Record<string, unknown> };
  return { emails: connection.edges.map((edge) => edge.node.email), pageInfo: connection.pageInfo, body: response.body };
}

describe("customers(query:)", () => {
  it("filters by email and tag", async () => {
    expect((await list({ first: 10, query: `email:"dave@example.com"` })).emails).toEqual(["dave@example.com"]);
    expect((await list({ first: 10, query: "email:corp.example" })).emails).toEqual(["erin@corp.example", "grace@corp.example"]);
    expect((await list({ first: 10, query: "tag:okta:eng AND -tag:vip" })).emails).toEqual(["erin@corp.example", "grace@corp.example"]);
    expect((await list({ first: 10, query: "tag_not:'okta:eng,okta:sales'" })).emails).toEqual(["frank@example.com"]);
  });

  it("pages forwards and backwards with opaque cursors", async () => {
    const first = await list({ first: 2 });
    expect(first.emails).toEqual(["carol@example.com", "dave@example.com"]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(second.emails).toEqual(["erin@corp.example", "frank@example.com"]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const back = await list({ last: 1, before: second.pageInfo.startCursor });
    expect(back.emails).toEqual(["dave@example.com"]);
    const reversed = await list({ first: 2, reverse: true });
    expect(reversed.emails).toEqual(["grace@corp.example", "frank@example.com"]);
    const byName = await list({ first: 5, sortKey: "NAME", reverse: true, query: "tag:okta:eng" });
    expect(byName.emails).toEqual(["grace@corp.example", "erin@corp.example", "dave@example.com"]);
  });

  it("filters on updated_at", async () => {
    const all = await list({ first: 10, query: "updated_at:>='2026-11-28T12:02:00Z'" });
    expect(all.emails).toEqual(["erin@corp.example", "frank@example.com", "grace@corp.example"]);
  });

  it("requires first or last, like Shopify", async () => {
    const response = await harness.graphql(token, `{ customers { nodes { id } } }`);
    expect(response.body.errors![0]!.message).toBe("you must provide one of first or last");
  });

  it("counts with customersCount and reports unknown search fields", async () => {
    const response = await harness.graphql(token, `{ all: customersCount { count precision } eng: customersCount(query: "tag:okta:eng", limit: 2) { count precision } odd: customersCount(query: "shoe_size:9") { count } }`);
    expect(response.body.data).toEqual({ all: { count: 5, precision: "EXACT" }, eng: { count: 2, precision: "AT_LEAST" }, odd: { count: 5 } });
    expect(response.body.extensions!.search).toEqual([{ path: ["odd"], query: "shoe_size:9", warnings: [{ field: "shoe_size", message: "Invalid search field for this query." }] }]);
  });
});
