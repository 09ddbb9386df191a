import { describe, expect, it } from "vitest";
import { TwinState, type CustomerRecord } from "../state";
import { newCustomerRecord } from "./customer-input";
import { compileCustomerSearch } from "./customer-search";

const NOW = Date.parse("2026-11-28T12:00:00Z");

/** A customer as the twin creates one: created in January, last updated in mid-June. */
function customer(overrides: Partial<CustomerRecord>): CustomerRecord {
  return { ...newCustomerRecord(new TwinState(null), "2026-06-15T10:00:00Z"), createdAt: "2026-01-01T00:00:00Z", ...overrides };
}

const bo = customer({ id: 10, firstName: "Bo", lastName: "Wang", email: "bo.wang@example.com", tags: ["VIP", "okta:sales"], numberOfOrders: 2 });
const wang = customer({ id: 11, firstName: "Wang", lastName: "Bo", email: "wang.bo@example.com", tags: ["Test"], updatedAt: "2026-11-01T00:00:00Z" });
const ann = customer({ id: 12, firstName: "Ann", email: "ann@gmail.com", phone: "+16135550100" });
const all = [bo, wang, ann];

function ids(query: string): number[] {
  const search = compileCustomerSearch(query, NOW);
  return all.filter((candidate) => search.matches(candidate)).map((candidate) => candidate.id);
}

describe("customer search syntax", () => {
  it("matches a quoted email exactly and an unquoted one by tokens", () => {
    expect(ids(`email:"bo.wang@example.com"`)).toEqual([10]);
    expect(ids(`email:bo.wang@example.com`)).toEqual([10, 11]);
    expect(ids(`email:gmail.com`)).toEqual([12]);
    expect(ids(`email:*`)).toEqual([10, 11, 12]);
  });

  it("filters by tag and tag_not, case-insensitively, with comma lists", () => {
    expect(ids(`tag:vip`)).toEqual([10]);
    expect(ids(`tag:'Test,VIP'`)).toEqual([10, 11]);
    expect(ids(`tag_not:'Test,VIP'`)).toEqual([12]);
  });

  it("compares updated_at against dates, timestamps and years", () => {
    expect(ids(`updated_at:>2026-10-01`)).toEqual([11]);
    expect(ids(`updated_at:<=2026-06-15`)).toEqual([10, 12]);
    expect(ids(`updated_at:'2026-11-01T00:00:00Z'`)).toEqual([11]);
    expect(ids(`updated_at:<2026`)).toEqual([]);
    expect(ids(`updated_at:<now`)).toEqual([10, 11, 12]);
  });

  it("supports id ranges, AND/OR, negation and grouping", () => {
    expect(ids(`id:>=11`)).toEqual([11, 12]);
    expect(ids(`tag:vip OR email:gmail.com`)).toEqual([10, 12]);
    expect(ids(`-tag:vip AND NOT email:gmail.com`)).toEqual([11]);
    expect(ids(`(tag:vip OR tag:test) orders_count:>0`)).toEqual([10]);
  });

  it("matches free text against names, email and phone by word prefix", () => {
    expect(ids(`wang`)).toEqual([10, 11]);
    expect(ids(`an`)).toEqual([12]);
    expect(ids(`"bo wang"`)).toEqual([10]);
  });

  it("ignores unknown fields and says so, like Shopify's search warnings", () => {
    const search = compileCustomerSearch(`favourite_color:blue tag:vip`, NOW);
    expect(all.filter((candidate) => search.matches(candidate)).map((candidate) => candidate.id)).toEqual([10]);
    expect(search.warnings).toEqual([{ field: "favourite_color", message: "Invalid search field for this query." }]);
  });
});
