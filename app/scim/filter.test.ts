import { describe, expect, it } from "vitest";
import { evaluateFilter, filterMentions, indexableEquality, parseFilter, type Filter } from "./filter";
import { parseListQuery } from "./list";
import { GROUP_RESOURCE_TYPE as GROUP, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import type { JsonObject } from "./schemas/types";
import { catchScimError } from "./test-support";

const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SHOPIFY = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";

const bob: JsonObject = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E],
  id: "2819c223-7f76-453a-919d-413861904646",
  userName: "Runscope300Abc@atko.com",
  externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
  displayName: "BobIsAmazing",
  name: { givenName: "Bob", familyName: "Employee" },
  active: true,
  title: "Engineer",
  emails: [
    { type: "work", value: "bob@example.com", primary: true },
    { type: "home", value: "bob@home.org" },
  ],
  roles: [{ value: "Admin", primary: true }],
  meta: { resourceType: "User", created: "2020-01-01T00:00:00Z", lastModified: "2021-06-01T12:00:00Z" },
  [E]: { department: "Sales", employeeNumber: "701984", manager: { value: "mgr-1" } },
  [SHOPIFY]: { syncState: "synced", customerId: "gid://shopify/Customer/1" },
};
const omalley: JsonObject = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: "u2",
  userName: "o'malley",
  displayName: 'a"b',
  name: { givenName: "O", familyName: "Other" },
  active: false,
  emails: [{ type: "work", value: "om@example.org" }],
  meta: { resourceType: "User", created: "2014-01-01T00:00:00Z", lastModified: "2014-01-01T00:00:00Z" },
};
const users = [bob, omalley];

function ids(filter: string): unknown[] {
  const ast = parseFilter(filter, USER);
  return users.filter((u) => evaluateFilter(ast, u, USER)).map((u) => u["id"]);
}

const filterError = (text: string, rt = USER) => catchScimError(() => parseFilter(text, rt));

describe("parseFilter and evaluateFilter", () => {
  it("#16/#20 userName eq finds the user, or nobody", () => {
    expect(ids('userName eq "Runscope300Abc@atko.com"')).toEqual([bob["id"]]);
    expect(ids('userName eq "abcdefgh@atko.com"')).toEqual([]);
  });

  it("#17 userName compares case-insensitively (RFC 7643 §4.1.1, Entra U5)", () => {
    expect(ids('userName eq "RUNSCOPE300ABC@ATKO.COM"')).toEqual([bob["id"]]);
  });

  it("#18 operators and attribute names are case-insensitive (PingOne `username Eq`)", () => {
    expect(ids('UserName EQ "Runscope300Abc@atko.com"')).toEqual([bob["id"]]);
    expect(ids('username Eq "Runscope300Abc@atko.com"')).toEqual([bob["id"]]);
    expect(ids('EMAILS.VALUE Co "@HOME"')).toEqual([bob["id"]]);
    expect(ids('title PR AND active Eq TRUE')).toEqual([bob["id"]]);
  });

  it("#19 values decoded from + and %-encoding match, including a literal +", () => {
    const plus = { ...bob, id: "plus", userName: "a+b@c.com" };
    for (const qs of ['filter=userName+eq+"a%2Bb%40c.com"', "filter=userName%20eq%20%22a%2Bb%40c.com%22"]) {
      const query = parseListQuery(new URLSearchParams(qs), USER, { maxResults: 100 });
      expect(evaluateFilter(query.filter!, plus, USER)).toBe(true);
    }
  });

  it("#21 externalId is case-exact", () => {
    expect(ids('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')).toEqual([bob["id"]]);
    expect(ids('externalId eq "0A21F0F2-8D2A-4F8E-BF98-7363C4AED4EF"')).toEqual([]);
  });

  it("#21 id is case-exact", () => {
    expect(ids(`id eq "${String(bob["id"]).toUpperCase()}"`)).toEqual([]);
  });

  it("#22 emails[type eq \"work\"].value eq … and emails.value eq … (Entra, Rippling)", () => {
    expect(ids('emails[type eq "work"].value eq "bob@example.com"')).toEqual([bob["id"]]);
    expect(ids('emails.value eq "BOB@home.org"')).toEqual([bob["id"]]);
  });

  it("#22 the Entra value-path form requires one element to match both conditions", () => {
    // bob@home.org is bob's *home* email: no work email has that value.
    expect(ids('emails[type eq "work"].value eq "bob@home.org"')).toEqual([]);
  });

  it("#23 id eq … and manager eq … (a complex attribute compared via its value)", () => {
    expect(ids(`id eq "${bob["id"]}" and manager eq "mgr-1"`)).toEqual([bob["id"]]);
    expect(ids(`id eq "${bob["id"]}" and manager eq "mgr-2"`)).toEqual([]);
    expect(ids(`${E}:manager.value eq "mgr-1"`)).toEqual([bob["id"]]);
  });

  it("#66 group displayName compares case-insensitively", () => {
    const group = { id: "g1", displayName: "Test SCIMv2" };
    expect(evaluateFilter(parseFilter('displayName eq "TEST scimv2"', GROUP), group, GROUP)).toBe(true);
    expect(evaluateFilter(parseFilter('displayName eq "Other"', GROUP), group, GROUP)).toBe(false);
  });

  it("all comparison operators on strings", () => {
    expect(ids('userName co "300"')).toEqual([bob["id"]]);
    expect(ids('userName sw "o\'"')).toEqual([omalley["id"]]);
    expect(ids('userName ew "ATKO.COM"')).toEqual([bob["id"]]);
    expect(ids('userName ne "o\'malley"')).toEqual([bob["id"]]);
    expect(ids('userName gt "s"')).toEqual([]);
    expect(ids('userName gt "P"')).toEqual([bob["id"]]); // lexicographic, case-folded
    expect(ids('userName ge "RUNSCOPE300ABC@ATKO.COM"')).toEqual([bob["id"]]);
    expect(ids('userName lt "S"')).toEqual([bob["id"], omalley["id"]]);
    expect(ids('userName le "O\'MALLEY"')).toEqual([omalley["id"]]);
  });

  it("and binds tighter than or; parentheses and not group", () => {
    expect(ids('userName eq "nope" and active eq true or displayName eq "a\\"b"')).toEqual([omalley["id"]]);
    expect(ids('userName eq "nope" and (active eq true or displayName eq "a\\"b")')).toEqual([]);
    expect(ids('not (userName eq "o\'malley")')).toEqual([bob["id"]]);
    expect(ids('not(active eq false) and not (title pr and active eq false)')).toEqual([bob["id"]]);
  });

  it("value paths with and/or inside, and pr on them", () => {
    expect(ids('emails[type eq "work" and value co "@example"]')).toEqual([bob["id"], omalley["id"]]);
    expect(ids('emails[type eq "home" or value ew ".org"]')).toEqual([bob["id"], omalley["id"]]);
    expect(ids('emails[type eq "home"]')).toEqual([bob["id"]]);
    expect(ids('emails[type eq "work"].primary pr')).toEqual([bob["id"]]);
  });

  it("string escapes: quotes, backslashes and \\u", () => {
    expect(ids('displayName eq "a\\"b"')).toEqual([omalley["id"]]);
    expect(ids('displayName eq "\\u0061\\"b"')).toEqual([omalley["id"]]);
  });

  it("booleans, null and pr", () => {
    expect(ids("active eq false")).toEqual([omalley["id"]]);
    expect(ids("active eq True")).toEqual([bob["id"]]); // ABNF literals are case-insensitive
    expect(ids("title eq null")).toEqual([omalley["id"]]);
    expect(ids("title ne null")).toEqual([bob["id"]]);
    expect(ids("title pr")).toEqual([bob["id"]]);
    expect(ids(`${E} :department pr`.replace(" ", ""))).toEqual([bob["id"]]);
  });

  it("roles[primary eq \"True\"]: a string compared to a boolean sub-attribute (Entra)", () => {
    expect(ids('roles[primary eq "True"]')).toEqual([bob["id"]]);
  });

  it("dates compare as instants (meta.created, meta.lastModified)", () => {
    expect(ids('meta.lastModified gt "2015-01-01T00:00:00Z"')).toEqual([bob["id"]]);
    expect(ids('meta.created lt "2015-01-01T00:00:00+01:00"')).toEqual([omalley["id"]]);
    expect(ids('meta.created eq "2020-01-01T01:00:00+01:00"')).toEqual([bob["id"]]);
  });

  it("Microsoft's reference suite: unquoted values, attribute case, grouping", () => {
    expect(ids("name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)")).toEqual([bob["id"]]);
    expect(ids("meta.Created gt 2015-10-10T14:38:21.8617979-07:00")).toEqual([bob["id"]]);
    expect(ids("userName sw O")).toEqual([omalley["id"]]);
  });

  it("URN-prefixed attributes, core and extension", () => {
    expect(ids('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "o\'malley"')).toEqual([omalley["id"]]);
    expect(ids(`${E}:department eq "sales"`)).toEqual([bob["id"]]);
    expect(ids(`${E.toUpperCase()}:DEPARTMENT eq "Sales"`)).toEqual([bob["id"]]);
    expect(ids(`${SHOPIFY}:syncState eq "synced"`)).toEqual([bob["id"]]);
  });

  it("numbers given for string attributes keep their text (externalId eq 00123)", () => {
    const u = { ...bob, externalId: "00123" };
    expect(evaluateFilter(parseFilter("externalId eq 00123", USER), u, USER)).toBe(true);
  });

  it("never throws while evaluating odd resources", () => {
    const ast = parseFilter('emails[type eq "work"].value eq "x" or meta.created gt "2020-01-01T00:00:00Z" or active eq true', USER);
    for (const r of [null, 42, "str", [], {}, { emails: "x" }, { emails: [null, 1, { type: 5 }] }, { meta: { created: 7 } }, { active: "yes" }]) {
      expect(evaluateFilter(ast, r, USER)).toBe(false);
    }
  });
});

describe("#24 invalid filters are 400 invalidFilter with a position", () => {
  it.each([
    ["userName eq", /after "eq" at character 12/],
    ["RUNSCOPE300ABC@ATKO.COM", /character 1/],
    ['userName xx "a"', /Unknown operator "xx" at character 10/],
    ['(userName eq "a"', /Expected "\)"/],
    ['userName eq "a" garbage', /at character 17/],
    ['userName eq "unterminated', /Unterminated string/],
    ['userName eq "bad \\x escape"', /escape/],
    ['emails[type eq "work"', /Expected "]"/],
    ['fooBar eq "x"', /Unknown attribute "fooBar"/],
    ['emails[foo eq "x"]', /Unknown attribute "emails.foo"/],
    ['urn:example:unknown:attr eq "x"', /Unknown attribute/],
    ['password eq "x"', /cannot be used in a filter/],
    ["active gt true", /not supported on boolean/],
    ['active eq "maybe"', /boolean/],
    ['meta.created gt "yesterday"', /dateTime/],
    ['userName co null', /null/],
    ["name eq \"x\"", /complex attribute/],
    ['and eq "x"', /attribute name/],
    ['userName eq and', /value/],
    ['not userName eq "x"', /Expected "\(" after "not"/],
    ['emails[value eq "x"][type eq "y"]', /Unexpected/],
    ['emails[roles[value eq "x"]]', /nested/],
    ["", /empty/],
  ])("%s", (text, detail) => {
    const error = filterError(text);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidFilter");
    expect(error.detail).toMatch(detail);
  });

  it("refuses absurdly long or deep filters", () => {
    expect(filterError('userName eq "' + "a".repeat(5000) + '"').detail).toMatch(/longer than/);
    expect(filterError("(".repeat(40) + 'userName eq "a"' + ")".repeat(40)).detail).toMatch(/deeper/);
  });
});

describe("indexableEquality", () => {
  const analyse = (text: string, rt = USER) => indexableEquality(parseFilter(text, rt));

  it("single equalities Okta and Entra send", () => {
    expect(analyse('userName eq "Test.User@okta.local"')).toEqual({
      terms: [{ attribute: "userName", value: "Test.User@okta.local", caseExact: false }],
      exact: true,
    });
    expect(analyse('externalId eq "abc"')).toEqual({ terms: [{ attribute: "externalId", value: "abc", caseExact: true }], exact: true });
    expect(analyse('id eq "abc"')).toEqual({ terms: [{ attribute: "id", value: "abc", caseExact: true }], exact: true });
    expect(analyse('emails.value eq "a@b.c"')).toEqual({ terms: [{ attribute: "emails.value", value: "a@b.c", caseExact: false }], exact: true });
    expect(analyse('displayName eq "Test SCIMv2"', GROUP)).toEqual({
      terms: [{ attribute: "displayName", value: "Test SCIMv2", caseExact: false }],
      exact: true,
    });
  });

  it("and-combinations, and narrowing terms that need a re-check", () => {
    expect(analyse('userName eq "a" and externalId eq "b"')).toEqual({
      terms: [
        { attribute: "userName", value: "a", caseExact: false },
        { attribute: "externalId", value: "b", caseExact: true },
      ],
      exact: true,
    });
    expect(analyse('id eq "1" and manager eq "2"')).toEqual({ terms: [{ attribute: "id", value: "1", caseExact: true }], exact: false });
    expect(analyse('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      terms: [{ attribute: "emails.value", value: "a@b.c", caseExact: false }],
      exact: false,
    });
  });

  it("a group lookup by member: members[value eq] and members.value eq are exact index terms", () => {
    const term = { terms: [{ attribute: "members.value", value: "u-1", caseExact: true }], exact: true };
    expect(analyse('members[value eq "u-1"]', GROUP)).toEqual(term);
    expect(analyse('members.value eq "u-1"', GROUP)).toEqual(term);
    expect(analyse('displayName eq "Sales" and members[value eq "u-1"]', GROUP)).toEqual({
      terms: [
        { attribute: "displayName", value: "Sales", caseExact: false },
        { attribute: "members.value", value: "u-1", caseExact: true },
      ],
      exact: true,
    });
    // Anything more inside the brackets still needs a re-check.
    expect(analyse('members[value eq "u-1" and display eq "x"]', GROUP)).toMatchObject({ exact: false });
    expect(analyse('members[display eq "x"]', GROUP)).toBeNull();
    expect(analyse('emails[value eq "a@b.c"]')).toEqual({ terms: [{ attribute: "emails.value", value: "a@b.c", caseExact: false }], exact: true });
  });

  it("null when no index can answer", () => {
    expect(analyse('userName eq "a" or userName eq "b"')).toBeNull();
    expect(analyse('not (userName eq "a")')).toBeNull();
    expect(analyse('userName co "a"')).toBeNull();
    expect(analyse("title pr")).toBeNull();
    expect(analyse(`${E}:department eq "x"`)).toBeNull();
  });
});

describe("AST shape", () => {
  it("is typed and canonical", () => {
    const ast = parseFilter('USERNAME EQ "x"', USER) as Extract<Filter, { value: unknown }>;
    expect(ast.op).toBe("eq");
    expect(ast.path).toBe("userName");
    expect(ast.value).toBe("x");
    const vp = parseFilter(`${E}:manager.value eq "m"`, USER) as Extract<Filter, { value: unknown }>;
    expect(vp.path).toBe(`${E}:manager.value`);
  });
});

describe("filterMentions", () => {
  it("finds an attribute under and/or/not and inside value paths, and nothing else", () => {
    const parse = (text: string) => parseFilter(text, USER);
    expect(filterMentions(parse('userName eq "a" or not (groups.value eq "g1")'), "groups")).toBe(true);
    expect(filterMentions(parse('emails[type eq "work" and value co "@x"]'), "emails")).toBe(true);
    expect(filterMentions(parse('userName eq "a" and active eq true'), "groups")).toBe(false);
  });
});
