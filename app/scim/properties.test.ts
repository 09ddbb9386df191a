// Property tests (fast-check): whatever a client sends, the protocol layer
// answers with a result or a 400 ScimError — never another exception, which
// would surface as a 500 and, for Entra, count towards quarantine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { evaluateFilter, indexableEquality, parseFilter } from "./filter";
import { parseListQuery } from "./list";
import { patchResource } from "./patch";
import { parseGroupInput, parseResourceInput, parseUserInput, projectAttributes } from "./resource";
import { GROUP_RESOURCE_TYPE as GROUP, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import type { JsonObject } from "./schemas/types";

const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SHOPIFY = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Runs fn; a ScimError must have the expected status (and scimType); anything else thrown fails. */
function resultOr400<T>(fn: () => T, scimType?: string): T | ScimError {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    expect(error.status).toBe(400);
    if (scimType) expect(error.scimType).toBe(scimType);
    expect(error.detail.length).toBeGreaterThan(0);
    return error;
  }
}

const baseUser: JsonObject = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", E, SHOPIFY],
  id: "u1",
  externalId: "ext-1",
  userName: "bob@x.com",
  active: true,
  name: { givenName: "Bob", familyName: "B" },
  emails: [
    { type: "work", value: "bob@x.com", primary: true },
    { type: "home", value: "bob@home.org" },
  ],
  roles: [{ value: "Admin" }],
  [E]: { department: "D", manager: { value: "m1" } },
  [SHOPIFY]: { customerId: "gid://shopify/Customer/1", syncState: "synced" },
  meta: { resourceType: "User", created: "2026-01-01T00:00:00Z", lastModified: "2026-01-01T00:00:00Z" },
};
const baseGroup: JsonObject = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  id: "g1",
  displayName: "G",
  members: [{ value: "u1" }, { value: "u2", display: "Two" }],
  meta: { resourceType: "Group" },
};

// ---------------------------------------------------------------- arbitraries

const attributeWords = [
  "userName", "USERNAME", "name", "name.givenName", "name.FamilyName", "emails", "emails.value", "emails.type", "emails.primary",
  "active", "title", "externalId", "id", "meta.created", "meta.lastModified", "displayName", "members", "members.value", "manager",
  "roles", "addresses.locality", "password", "groups", "fooBar", "x.y.z", `${E}:department`, `${E}:manager.value`, `${E}:manager`,
  `${SHOPIFY}:syncState`, "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:nope:attr", "$ref",
];
const operatorWords = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "Pr", "xx"];
const literalWords = ['"x"', '"bob@x.com"', '"a\\"b"', '"\\u0041"', '"\\q"', '"unterminated', "true", "False", "null", "42", "-1.5e3", "2015-10-10T14:38:21Z", "bare"];
const punctuation = ["(", ")", "[", "]", "not", "and", "or", "AND", "Or", ".value", '"', "\\", ""];

const filterSoup = fc
  .array(fc.oneof(fc.constantFrom(...attributeWords, ...operatorWords, ...literalWords, ...punctuation), fc.string({ maxLength: 6 })), { maxLength: 14 })
  .chain((tokens) => fc.constantFrom(" ", "", "  ").map((sep) => tokens.join(sep)));

/** Filters drawn from the grammar: valid syntax, sometimes invalid attribute/type combinations. */
const grammarFilter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(fc.constantFrom(...attributeWords), fc.constantFrom(...operatorWords.slice(0, 9)), fc.constantFrom(...literalWords.slice(0, 4), "true", "null", "7", '"2020-01-01T00:00:00Z"')).map(([a, o, v]) => `${a} ${o} ${v}`),
    fc.constantFrom(...attributeWords).map((a) => `${a} pr`),
    fc.tuple(tie("f"), fc.constantFrom("and", "or"), tie("f")).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie("f").map((f) => `(${f})`),
    tie("f").map((f) => `not (${f})`),
    fc.tuple(fc.constantFrom("emails", "roles", "members", "addresses"), fc.constantFrom('type eq "work"', "primary eq true", 'value co "x"', "value pr")).map(([a, inner]) => `${a}[${inner}]`),
  ),
})).f;

const opNames = fc.constantFrom("add", "replace", "remove", "Add", "REPLACE", "Remove", "test", "", 5 as unknown as string);
const paths = fc.oneof(
  fc.constantFrom(
    ...attributeWords,
    'emails[type eq "work"].value',
    'emails[type eq "work"]',
    'addresses[type eq "work"].streetAddress',
    'roles[primary eq "True"].value',
    'members[value eq "u1"]',
    'manager[value eq "m1"]',
    "emails[type eq]",
    "emails[",
    E,
    SHOPIFY,
    "meta.version",
  ),
  fc.string({ maxLength: 12 }),
);
const values = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("True", "False", "", null, [], {}, [{ value: "u3" }], [{ value: "u1", $ref: null }], { value: "" }, "m2", { active: false }, {
    "name.givenName": "K",
    [`${E}:employeeNumber`]: "A",
  }),
);
const operation = fc.record(
  { op: opNames, path: paths, value: values, junk: fc.jsonValue({ maxDepth: 1 }) },
  { requiredKeys: ["op"] },
);
/** Bodies an IdP could plausibly send: valid op names and known paths, so many succeed. */
const plausibleOperation = fc.record(
  {
    op: fc.constantFrom("add", "replace", "remove", "Add", "Replace", "Remove"),
    path: fc.constantFrom(
      "title", "active", "userName", "displayName", "nickName", "name.givenName", "name", "emails", 'emails[type eq "work"].value',
      'emails[type eq "home"]', 'addresses[type eq "work"].locality', 'roles[primary eq "True"].value', "roles", "externalId",
      `${E}:department`, `${E}:manager`, 'manager[value eq "m1"]', E, "phoneNumbers", 'phoneNumbers[type eq "fax"].value',
    ),
    value: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.boolean(),
      fc.constantFrom("True", "False", "", null, { value: "" }, "m2", [{ value: "r1" }], { givenName: "K" }, [{ type: "work", value: "w@x.com", primary: true }]),
    ),
  },
  { requiredKeys: ["op"] },
);
const pathlessOperation = fc.record({
  op: fc.constantFrom("add", "replace"),
  value: fc.dictionary(fc.constantFrom("title", "active", "name.givenName", `${E}:costCenter`, "nickName", "id", "password"), fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null)), { maxKeys: 3 }),
});
const plausiblePatch = fc.record({
  schemas: fc.constant(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]),
  Operations: fc.array(fc.oneof(plausibleOperation, pathlessOperation), { minLength: 1, maxLength: 5 }),
});
const patchBody = fc.oneof(
  plausiblePatch,
  fc.record(
    {
      schemas: fc.oneof(fc.constant(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]), fc.jsonValue({ maxDepth: 1 })),
      Operations: fc.array(operation, { maxLength: 6 }),
    },
    { requiredKeys: ["Operations"] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

// ---------------------------------------------------------------- properties

describe("filters", () => {
  it("random garbage → a filter AST or ScimError(400, invalidFilter), never another exception", () => {
    fc.assert(
      fc.property(fc.oneof(filterSoup, fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 30 })), (text) => {
        const result = resultOr400(() => parseFilter(text, USER), "invalidFilter");
        if (!(result instanceof ScimError)) {
          evaluateFilter(result, baseUser, USER);
          indexableEquality(result);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("grammar-shaped filters parse or fail with invalidFilter; evaluation never throws on odd resources", () => {
    fc.assert(
      fc.property(grammarFilter, fc.jsonValue({ maxDepth: 3 }), (text, resource) => {
        const result = resultOr400(() => parseFilter(text, USER), "invalidFilter");
        if (!(result instanceof ScimError)) {
          expect(typeof evaluateFilter(result, baseUser, USER)).toBe("boolean");
          expect(typeof evaluateFilter(result, resource, USER)).toBe("boolean");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("not(f) is the complement of f", () => {
    fc.assert(
      fc.property(grammarFilter, (text) => {
        const f = resultOr400(() => parseFilter(text, USER));
        if (f instanceof ScimError) return;
        const notF = parseFilter(`not (${text})`, USER);
        expect(evaluateFilter(notF, baseUser, USER)).toBe(!evaluateFilter(f, baseUser, USER));
      }),
      { numRuns: 300 },
    );
  });
});

describe("PATCH", () => {
  it("random PATCH documents → a result or a 400 ScimError, never another exception; input never mutated", () => {
    const user = deepFreeze(structuredClone(baseUser));
    const group = deepFreeze(structuredClone(baseGroup));
    fc.assert(
      fc.property(patchBody, fc.boolean(), (body, onGroup) => {
        const resource = onGroup ? group : user;
        const before = JSON.stringify(resource);
        resultOr400(() => patchResource(resource, body, onGroup ? GROUP : USER));
        expect(JSON.stringify(resource)).toBe(before);
      }),
      { numRuns: 1500 },
    );
  });

  it("a successful PATCH yields a resource that PUT parsing accepts unchanged (apart from read-only attributes)", () => {
    fc.assert(
      fc.property(plausiblePatch, (body) => {
        const result = resultOr400(() => patchResource(baseUser, body, USER));
        if (result instanceof ScimError) return;
        const reparsed = parseResourceInput(result.resource, USER, "replace").resource;
        const { id: _id, meta: _meta, [SHOPIFY]: _shopify, ...writable } = result.resource;
        const schemas = (writable["schemas"] as string[]).filter((s) => s !== SHOPIFY);
        expect(reparsed).toEqual({ ...writable, schemas });
      }),
      { numRuns: 1500 },
    );
  });
});

describe("inbound resources", () => {
  const userish = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        schemas: fc.oneof(fc.constant(["urn:ietf:params:scim:schemas:core:2.0:User"]), fc.jsonValue({ maxDepth: 1 })),
        userName: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue({ maxDepth: 1 })),
        active: fc.oneof(fc.boolean(), fc.constantFrom("True", "false", "yes", ""), fc.jsonValue({ maxDepth: 1 })),
        name: fc.jsonValue({ maxDepth: 2 }),
        emails: fc.jsonValue({ maxDepth: 3 }),
        [E]: fc.jsonValue({ maxDepth: 3 }),
        members: fc.jsonValue({ maxDepth: 3 }),
        displayName: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
  );

  it("random POST/PUT bodies → a parsed resource or a 400 ScimError; the parsed resource projects without error", () => {
    fc.assert(
      fc.property(userish, fc.constantFrom("create", "replace") as fc.Arbitrary<"create" | "replace">, (body, mode) => {
        const u = resultOr400(() => parseUserInput(deepFreeze(body), mode));
        if (!(u instanceof ScimError)) {
          expect(u.resource["userName"]).toEqual(expect.any(String));
          expect(JSON.stringify(projectAttributes(u.resource, USER))).not.toContain('"password"');
        }
        resultOr400(() => parseGroupInput(body, mode));
      }),
      { numRuns: 1500 },
    );
  });
});

describe("list parameters", () => {
  it("any startIndex/count strings → a bounded query or 400 invalidValue", () => {
    const intish = fc.oneof(fc.integer().map(String), fc.string({ maxLength: 8 }), fc.constantFrom("", "-0", "+5", "1e3", "0x10"));
    fc.assert(
      fc.property(intish, intish, (startIndex, count) => {
        const q = resultOr400(() => parseListQuery({ startIndex, count }, USER, { maxResults: 100 }), "invalidValue");
        if (q instanceof ScimError) return;
        expect(Number.isInteger(q.startIndex) && q.startIndex >= 1).toBe(true);
        expect(Number.isInteger(q.count) && q.count >= 0 && q.count <= 100).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
