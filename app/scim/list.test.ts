import { describe, expect, it } from "vitest";
import { LIST_RESPONSE_SCHEMA, buildListResponse, compareForSort, parseListQuery, parseSearchRequest } from "./list";
import { resolveAttribute, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import { catchScimError } from "./test-support";

const options = { maxResults: 200, defaultCount: 100 };
const q = (qs: string) => parseListQuery(new URLSearchParams(qs), USER, options);

describe("parseListQuery", () => {
  it("#12 Okta's Test API Credentials: startIndex=1&count=2", () => {
    expect(q("startIndex=1&count=2")).toMatchObject({ startIndex: 1, count: 2 });
  });

  it("#15 omitting both → startIndex 1 and the default page size", () => {
    expect(q("")).toEqual({ startIndex: 1, count: 100, sortOrder: "ascending", attributes: [], excludedAttributes: [] });
    expect(parseListQuery({}, USER, { maxResults: 50 }).count).toBe(50);
  });

  it("#15 startIndex 0 or -5 → 1; count 0 allowed; negative count → 0; count over maxResults → maxResults", () => {
    expect(q("startIndex=0").startIndex).toBe(1);
    expect(q("startIndex=-5").startIndex).toBe(1);
    expect(q("count=0").count).toBe(0);
    expect(q("count=-3").count).toBe(0);
    expect(q("count=1000").count).toBe(200);
    expect(q("count=99999999999999999999").count).toBe(200);
  });

  it("non-integer startIndex or count → 400 invalidValue", () => {
    for (const qs of ["startIndex=abc", "count=1.5", "count=ten", "startIndex=1e3"]) {
      const e = catchScimError(() => q(qs));
      expect(e.status).toBe(400);
      expect(e.scimType).toBe("invalidValue");
    }
  });

  it("#20 a filter is parsed; #24 a bad one is 400 invalidFilter; an empty one is no filter", () => {
    expect(q('filter=userName eq "x"&startIndex=1&count=100').filter?.op).toBe("eq");
    expect(catchScimError(() => q("filter=RUNSCOPE300ABC@ATKO.COM")).scimType).toBe("invalidFilter");
    expect(q("filter=").filter).toBeUndefined();
  });

  it("parameter names are matched case-insensitively", () => {
    expect(q("StartIndex=3&COUNT=4&Filter=title pr")).toMatchObject({ startIndex: 3, count: 4, filter: { op: "pr" } });
  });

  it("accepts a plain record as well as URLSearchParams", () => {
    expect(parseListQuery({ startIndex: "11", count: ["5"] }, USER, options)).toMatchObject({ startIndex: 11, count: 5 });
  });

  it("sortBy and sortOrder", () => {
    const parsed = q("sortBy=name.familyName&sortOrder=DESCENDING");
    expect(parsed.sortBy?.attribute.name).toBe("name");
    expect(parsed.sortBy?.subAttribute?.name).toBe("familyName");
    expect(parsed.sortOrder).toBe("descending");
    expect(catchScimError(() => q("sortBy=nope")).scimType).toBe("invalidValue");
    expect(catchScimError(() => q("sortOrder=sideways")).scimType).toBe("invalidValue");
  });

  it("#28 attributes and excludedAttributes as lists", () => {
    expect(q("attributes=userName, emails&excludedAttributes=members")).toMatchObject({
      attributes: ["userName", "emails"],
      excludedAttributes: ["members"],
    });
  });
});

describe("parseSearchRequest (POST /.search)", () => {
  it("reads the same fields from a JSON body, numbers as numbers", () => {
    const parsed = parseSearchRequest(
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        attributes: ["displayName", "userName"],
        filter: 'displayName sw "smith"',
        startIndex: 1,
        count: 10,
      },
      USER,
      options,
    );
    expect(parsed).toMatchObject({ startIndex: 1, count: 10, attributes: ["displayName", "userName"], filter: { op: "sw" } });
  });

  it("rejects a wrong schemas, a non-object body, bad field types", () => {
    expect(catchScimError(() => parseSearchRequest({ schemas: ["urn:x"] }, USER, options)).scimType).toBe("invalidSyntax");
    expect(catchScimError(() => parseSearchRequest("x", USER, options)).scimType).toBe("invalidSyntax");
    expect(catchScimError(() => parseSearchRequest({ count: "many" }, USER, options)).scimType).toBe("invalidValue");
    expect(catchScimError(() => parseSearchRequest({ filter: 5 }, USER, options)).scimType).toBe("invalidFilter");
    expect(catchScimError(() => parseSearchRequest({ attributes: [1] }, USER, options)).scimType).toBe("invalidValue");
  });
});

describe("buildListResponse", () => {
  it("#16/#68 an empty result is 200-able: totalResults 0, Resources []", () => {
    expect(buildListResponse({ resources: [], totalResults: 0, startIndex: 1 })).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it("#12/#15 integers only; itemsPerPage is the number actually returned", () => {
    const r = buildListResponse({ resources: [{ id: "a" }, { id: "b" }], totalResults: 5, startIndex: 3 });
    expect(r).toMatchObject({ totalResults: 5, itemsPerPage: 2, startIndex: 3 });
    for (const key of ["totalResults", "itemsPerPage", "startIndex"] as const) expect(Number.isInteger(r[key])).toBe(true);
  });

  it("#15 count=0: totalResults only", () => {
    expect(buildListResponse({ resources: [], totalResults: 250, startIndex: 1 })).toMatchObject({ totalResults: 250, itemsPerPage: 0, Resources: [] });
  });
});

describe("compareForSort", () => {
  const rows = [
    { id: "1", userName: "bravo", name: { familyName: "Zed" }, emails: [{ value: "z@x" }, { value: "a@x", primary: true }] },
    { id: "2", userName: "Alpha", name: { familyName: "young" } },
    { id: "3", userName: "charlie", emails: [{ value: "m@x" }] },
  ];

  it("sorts case-folded strings, missing values last (ascending) / first (descending)", () => {
    const by = resolveAttribute(USER, undefined, "name", "familyName")!;
    expect([...rows].sort(compareForSort(by)).map((r) => r.id)).toEqual(["2", "1", "3"]);
    expect([...rows].sort(compareForSort(by, "descending")).map((r) => r.id)).toEqual(["3", "1", "2"]);
  });

  it("sorts multi-valued attributes by the primary value", () => {
    const by = resolveAttribute(USER, undefined, "emails", "value")!;
    expect([...rows].sort(compareForSort(by)).map((r) => r.id)).toEqual(["1", "3", "2"]);
  });
});
