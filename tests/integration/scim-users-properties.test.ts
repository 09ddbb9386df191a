// Property tests through the real routes and database: whatever a client sends — garbage
// bodies, random filters, random PATCH documents, random list parameters — the answer is a
// SCIM response below 500, and a failed request leaves the directory and the event table as
// they were (the "400, never 500, nothing half-written" promise of the Users API).
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SCIM_RATE_LIMIT_PER_SECOND = "0"; // hundreds of requests per second, one token
});

import prisma from "~/db.server";
import { newTenant, type ScimReply, type TestTenant } from "../support/scim-client";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SHOPIFY = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const RUNS = 120;

let t: TestTenant;
let userId: string;

beforeAll(async () => {
  t = await newTenant("props");
  for (const [i, userName] of ["bob@x.com", "alice@x.com", "carol@y.org"].entries()) {
    const reply = await t.call({
      method: "POST",
      path: "/Users",
      body: {
        userName,
        externalId: `ext-${i}`,
        active: i !== 2,
        name: { givenName: "G", familyName: `F${i}` },
        emails: [{ type: "work", value: userName, primary: true }, { type: "home", value: `home-${userName}` }],
        [ENT]: { department: "D", manager: { value: "m1" } },
      },
    });
    if (i === 0) userId = reply.body.id;
  }
});

/** Everything stored for the shop: users (with e-mail keys) and events. */
async function snapshot() {
  const [users, events] = await Promise.all([
    prisma.scimUser.findMany({ where: { shopId: t.shopId }, include: { emails: { select: { valueKey: true }, orderBy: { valueKey: "asc" } } }, orderBy: { id: "asc" } }),
    prisma.provisioningEvent.count({ where: { shopId: t.shopId } }),
  ]);
  return JSON.stringify({ users, events });
}

function expectScimAnswer(reply: ScimReply, what: string) {
  expect(reply.status, `${what} → ${reply.status} ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  if (reply.status >= 400) {
    expect(reply.body?.schemas, what).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    expect(reply.body.status, what).toBe(String(reply.status));
    expect(reply.body.detail, what).toBeTruthy();
  }
}

// ---------------------------------------------------------------- arbitraries

const attributeWords = [
  "userName", "USERNAME", "name.givenName", "name.FamilyName", "emails", "emails.value", "emails.type", "active", "title", "externalId",
  "id", "meta.created", "meta.lastModified", "displayName", "manager", "roles", "password", "groups", "fooBar", "x.y.z",
  `${ENT}:department`, `${ENT}:manager.value`, `${SHOPIFY}:syncState`, "urn:nope:attr",
];
const operatorWords = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "xx"];
const literalWords = ['"x"', '"bob@x.com"', '"BOB@X.COM"', '"a\\"b"', '"\\q"', '"unterminated', "true", "False", "null", "42", "2015-10-10T14:38:21Z", "bare"];
const filterSoup = fc
  .array(fc.oneof(fc.constantFrom(...attributeWords, ...operatorWords, ...literalWords, "(", ")", "[", "]", "not", "and", "or", ".value", '"'), fc.string({ maxLength: 6 })), { maxLength: 12 })
  .map((tokens) => tokens.join(" "));
const grammarFilter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small" },
    fc.tuple(fc.constantFrom(...attributeWords), fc.constantFrom(...operatorWords.slice(0, 10)), fc.constantFrom(...literalWords.slice(0, 6), "true", "7")).map(([a, o, v]) => `${a} ${o} ${v}`),
    fc.constantFrom(...attributeWords).map((a) => `${a} pr`),
    fc.tuple(tie("f"), fc.constantFrom("and", "or"), tie("f")).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie("f").map((f) => `not (${f})`),
    fc.tuple(fc.constantFrom("emails", "roles", "addresses"), fc.constantFrom('type eq "work"', "primary eq true", 'value co "x"')).map(([a, inner]) => `${a}[${inner}]`),
  ),
})).f;

const paths = fc.oneof(
  fc.constantFrom(...attributeWords, 'emails[type eq "work"].value', 'addresses[type eq "work"].locality', 'roles[primary eq "True"].value', 'manager[value eq "m1"]', "emails[type eq]", "emails[", ENT, SHOPIFY, "meta.version"),
  fc.string({ maxLength: 12 }),
);
const values = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("True", "False", "", null, [], {}, { value: "" }, "m2", { active: false }, { "name.givenName": "K" }, { userName: "alice@x.com" }, "ALICE@x.com", "x".repeat(2000)),
);
const operation = fc.record({ op: fc.constantFrom("add", "replace", "remove", "Add", "REPLACE", "test", ""), path: paths, value: values }, { requiredKeys: ["op"] });
const patchDocument = fc.oneof(
  fc.record({ schemas: fc.constant([PATCH_OP]), Operations: fc.array(operation, { maxLength: 5 }) }),
  fc.record({ schemas: fc.jsonValue({ maxDepth: 1 }), Operations: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const garbageText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v).slice(0, -1)),
  fc.constantFrom("{", "null", "[]", '{"userName":', '{"schemas":["urn:nope"],"userName":"a@b.c"}', "\u0000", '{"userName":"x","emails":[{"value":1}]}'),
);
const userishBody = fc.record(
  {
    schemas: fc.oneof(fc.constant(["urn:ietf:params:scim:schemas:core:2.0:User"]), fc.jsonValue({ maxDepth: 1 })),
    userName: fc.oneof(fc.constantFrom("bob@x.com", "BOB@X.COM", "", " "), fc.jsonValue({ maxDepth: 1 })),
    active: fc.oneof(fc.boolean(), fc.constantFrom("True", "no", 1, null)),
    emails: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant([{ value: "e@x.com", primary: "maybe" }])),
    name: fc.jsonValue({ maxDepth: 2 }),
    [ENT]: fc.jsonValue({ maxDepth: 2 }),
    title: fc.oneof(fc.string({ maxLength: 5 }), fc.constant("t".repeat(1100))),
  },
  { requiredKeys: [] },
);
const contentTypes = fc.constantFrom("application/scim+json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "");

// ---------------------------------------------------------------- properties

describe("property: never a 5xx, nothing half-written", () => {
  it("random filters on GET /Users and POST /Users/.search → 200 or 400 invalidFilter", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(filterSoup, grammarFilter), fc.boolean(), async (filter, viaSearch) => {
        const reply = viaSearch
          ? await t.call({ method: "POST", path: "/Users/.search", body: { filter } })
          : await t.call({ path: `/Users?filter=${encodeURIComponent(filter)}` });
        expectScimAnswer(reply, `filter ${JSON.stringify(filter)}`);
        expect([200, 400]).toContain(reply.status);
        if (reply.status === 400) expect(["invalidFilter", "invalidValue", "invalidSyntax"]).toContain(reply.body.scimType);
        else expect(reply.body.totalResults).toBeLessThanOrEqual(3);
      }),
      { numRuns: RUNS },
    );
  });

  it("random list parameters → 200 or 400", async () => {
    const param = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), fc.constantFrom("0", "-1", "1e3", "99999999999999999999", "userName", "name.familyName", "descending", "x"));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom("startIndex", "count", "sortBy", "sortOrder", "attributes", "excludedAttributes", "filter", "StartIndex"), param), async (params) => {
        const reply = await t.call({ path: `/Users?${new URLSearchParams(params)}` });
        expectScimAnswer(reply, `params ${JSON.stringify(params)}`);
        expect([200, 400]).toContain(reply.status);
      }),
      { numRuns: RUNS },
    );
  });

  it("random PATCH documents on an existing user → 200 or 4xx; a 4xx changes nothing and records no event", async () => {
    await fc.assert(
      fc.asyncProperty(patchDocument, async (body) => {
        const before = await snapshot();
        const reply = await t.call({ method: "PATCH", path: `/Users/${userId}`, body });
        expectScimAnswer(reply, `PATCH ${JSON.stringify(body).slice(0, 300)}`);
        if (reply.status >= 400) expect(await snapshot()).toBe(before);
        else expect(reply.body.id).toBe(userId);
      }),
      { numRuns: RUNS },
    );
  });

  it("malformed and random bodies to POST /Users, PUT /Users/{id} and POST /Bulk → below 500; failures change nothing", async () => {
    const target = fc.constantFrom("POST /Users", "PUT /Users/{id}", "POST /Bulk", "POST /Users/.search");
    await fc.assert(
      fc.asyncProperty(target, fc.oneof(garbageText, userishBody.map((b) => JSON.stringify(b))), contentTypes, async (where, text, type) => {
        const before = await snapshot();
        const [method, rawPath] = where.split(" ") as [string, string];
        const path = rawPath.replace("{id}", userId);
        const reply = await t.call({ method, path, headers: type ? { "Content-Type": type } : {}, body: text === "" ? " " : text });
        expectScimAnswer(reply, `${where} ${type} ${text.slice(0, 200)}`);
        if (reply.status >= 400 || where === "POST /Users/.search") expect(await snapshot()).toBe(before);
        // Undo a lucky success so later runs start from the same directory.
        if (where === "POST /Users" && reply.status === 201) await prisma.scimUser.delete({ where: { id: reply.body.id } });
      }),
      { numRuns: RUNS },
    );
  });

  it("random ids and paths → 404/405/501 SCIM errors, never 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.constantFrom("GET", "PUT", "PATCH", "DELETE", "POST", "OPTIONS"), async (segment, method) => {
        const before = await snapshot();
        const reply = await t.call({ method, path: `/Users/${encodeURIComponent(segment)}`, body: method === "GET" || method === "DELETE" ? undefined : { Operations: [] } });
        expectScimAnswer(reply, `${method} /Users/${segment}`);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
