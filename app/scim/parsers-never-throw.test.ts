// Property tests (fast-check) for issue 13: every parser of the protocol layer, given anything a
// stranger can send (arbitrary text, JSON with lone surrogates, U+0000 and control characters,
// deep nesting, percent escapes), returns a result or throws a ScimError with a 4xx status;
// never another exception, which the frame would have to answer with a 500. Seeded, so a
// failure names its counterexample and reruns the same way.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBulkRequest } from "./bulk";
import { checkQuery, pathBelowBase, resolveEndpoint } from "./endpoints";
import { ScimError } from "./errors";
import { checkPreconditions, parseEntityTags } from "./etag";
import { parseFilter } from "./filter";
import { parseJsonBody } from "./json";
import { parseListQuery, parseSearchRequest } from "./list";
import { parsePath } from "./paths";
import { parsePatchRequest, patchResource } from "./patch";
import { parseGroupInput, parseUserInput } from "./resource";
import { GROUP_RESOURCE_TYPE as GROUP, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import type { JsonObject } from "./schemas/types";

const SEED = 20261208;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

/** fn's result, or the ScimError it threw (4xx only). Anything else thrown fails the property. */
function resultOrScimError<T>(fn: () => T): T | ScimError {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
    expect(error.detail.trim().length).toBeGreaterThan(0);
    return error;
  }
}

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Any UTF-16 text, lone surrogates and controls included, weighted towards the nasty ones. */
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\u0007", "\n", "\t", "\u007f", "\u0085", "\ud800", "\udc00", "\ud83d\ude00", "a", "é", '"', "\\"), maxLength: 12 }),
  fc.string({ maxLength: 40 }),
);

/** JSON values whose strings (keys too) may hold anything. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    anyText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(anyText, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Text around the JSON grammar: brackets, escapes, numbers and plain garbage. */
const jsonishText = fc.oneof(
  anyJson.map((value) => JSON.stringify(value)),
  fc.string({ unit: fc.constantFrom("[", "]", "{", "}", '"', "\\", "u", "d", "8", "0", ":", ",", "1", "e", "-", " ", "n", "t"), maxLength: 60 }),
  fc.integer({ min: 1, max: 200 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 1, max: 200 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  fc.constantFrom('"\\ud800"', '{"a":"\\udc00x"}', '["\\u0000"]', '{"\\ud800":1}', '"\\ud83d\\ude00"', "\ufeff{}"),
  fc.string({ unit: "binary", maxLength: 60 }),
);

describe("parseJsonBody", () => {
  it("any text → a value or 400; accepted values hold no U+0000 and no lone surrogate", () => {
    fc.assert(
      fc.property(jsonishText, (text) => {
        const value = resultOrScimError(() => parseJsonBody(text));
        if (value instanceof ScimError) {
          expect(value.status).toBe(400);
          return;
        }
        const serialised = JSON.stringify(value) ?? "";
        // JSON.stringify escapes U+0000 and lone surrogates, and only those of these.
        expect(serialised).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
      }),
      runs(3000),
    );
  });

  it("refuses exactly the JSON that holds an unstorable string, with invalidValue", () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const text = JSON.stringify(value);
        const strings = collectStrings(value);
        const unstorable = strings.includes("\u0000") || LONE.test(strings);
        const result = resultOrScimError(() => parseJsonBody(text));
        if (unstorable) {
          expect(result).toBeInstanceOf(ScimError);
          expect((result as ScimError).scimType).toBe("invalidValue");
        } else if (!(result instanceof ScimError)) {
          expect(result).toEqual(JSON.parse(text));
        }
      }),
      runs(2000),
    );
  });
});

function collectStrings(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(collectStrings).join(" ");
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => `${k} ${collectStrings(v)}`).join(" ");
  return "";
}

/** Path and query pieces: names, ids, escapes good and bad, dots, slashes. */
const urlPiece = fc.oneof(
  fc.constantFrom("Users", "users", "Groups", ".search", "Schemas", "ResourceTypes", "ServiceProviderConfig", "serviceConfiguration", "Bulk", "Me", "scim", "v2"),
  fc.constantFrom("%zz", "%ff%fe", "%u0000", "%00", "%2e%2e", "..", ".", "%", "%2F", "%C3%A9", "%e9", "%ED%A0%80", "%F4%90%80%80", "+", "=", "&", "?", "#", "\\"),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 4 }),
);
const anyPath = fc.array(fc.oneof(urlPiece, fc.constant("/"), fc.constant("//")), { maxLength: 8 }).map((parts) => `/${parts.join("")}`);

describe("the URL normaliser", () => {
  it("resolveEndpoint, pathBelowBase and checkQuery → a result or 400, for any text", () => {
    fc.assert(
      fc.property(anyPath, anyPath, (path, query) => {
        const below = pathBelowBase(path);
        expect(below === undefined || typeof below === "string").toBe(true);
        const resolved = resultOrScimError(() => resolveEndpoint(below ?? path));
        if (resolved instanceof ScimError) expect(resolved.status).toBe(400);
        else if (resolved.id !== undefined) expect(resolved.id).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        const checked = resultOrScimError(() => checkQuery(`?${query}`));
        if (checked instanceof ScimError) expect(checked.status).toBe(400);
      }),
      runs(3000),
    );
  });
});

describe("resources, PATCH, lists, Bulk, filters, paths and ETags", () => {
  const baseUser: JsonObject = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "u1", userName: "bob@x.test", active: true, emails: [{ value: "bob@x.test", primary: true }] };
  const baseGroup: JsonObject = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g1", displayName: "G", members: [{ value: "u1" }] };
  const userish = fc.record(
    {
      userName: anyText,
      displayName: anyText,
      name: fc.record({ givenName: anyText, familyName: anyText }, { requiredKeys: [] }),
      emails: fc.array(fc.record({ value: anyText, type: anyText }), { maxLength: 2 }),
      addresses: fc.array(fc.record({ formatted: anyText, streetAddress: anyText, locality: anyText }), { maxLength: 2 }),
      externalId: anyText,
      members: fc.array(fc.record({ value: anyText }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

  it("POST/PUT bodies: a resource whose strings are storable and, outside addresses, free of control characters; or 400", () => {
    fc.assert(
      fc.property(fc.oneof(userish, anyJson), (body) => {
        for (const parse of [parseUserInput, parseGroupInput]) {
          const parsed = resultOrScimError(() => parse(body, "create"));
          if (parsed instanceof ScimError) continue;
          const { addresses, ...rest } = parsed.resource;
          const strings = collectStrings(rest);
          expect(strings).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          expect(LONE.test(strings + collectStrings(addresses ?? null))).toBe(false);
        }
      }),
      runs(2000),
    );
  });

  const operation = fc.record(
    { op: fc.oneof(fc.constantFrom("add", "replace", "remove", "Replace"), anyText), path: fc.oneof(fc.constantFrom("name.givenName", "emails[type eq \"work\"].value", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager", "members"), anyText), value: anyJson },
    { requiredKeys: [] },
  );
  const patchBody = fc.oneof(fc.record({ schemas: fc.constant(["urn:ietf:params:scim:api:messages:2.0:PatchOp"]), Operations: fc.array(operation, { maxLength: 3 }) }), anyJson);

  it("PATCH documents → a result or 400, on users and on groups", () => {
    fc.assert(
      fc.property(patchBody, (body) => {
        resultOrScimError(() => parsePatchRequest(body));
        resultOrScimError(() => patchResource(baseUser, body, USER));
        resultOrScimError(() => patchResource(baseGroup, body, GROUP));
      }),
      runs(2000),
    );
  });

  it("filters, attribute paths, list queries and .search bodies → a result or 400", () => {
    const filterText = fc.oneof(anyText, fc.constantFrom('userName eq "a\u0000"', "meta.lastModified ge \"0001-01-03T00:00:00.0000000Z\"", "(ActiVe eq true) and meta.lastmodified ge \"2021-09-23T19:35:41.8420572Z\"", 'emails[type eq "\ud800"].value pr'));
    fc.assert(
      fc.property(filterText, anyText, anyJson, (filter, text, body) => {
        resultOrScimError(() => parseFilter(filter, USER));
        resultOrScimError(() => parsePath(text, USER));
        resultOrScimError(() => parseListQuery({ filter, startindex: text, count: text, sortBy: text, attributes: text }, USER, { maxResults: 100 }));
        resultOrScimError(() => parseSearchRequest(body, GROUP, { maxResults: 100 }));
        resultOrScimError(() => parseSearchRequest({ filter, startIndex: body, count: body }, USER, { maxResults: 100 }));
      }),
      runs(2000),
    );
  });

  it("Bulk requests and entity tags → a result or a 4xx", () => {
    const bulk = fc.oneof(
      anyJson,
      fc.record({ schemas: fc.constant(["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]), failOnErrors: anyJson, Operations: fc.array(fc.record({ method: anyText, path: anyText, bulkId: anyText, data: anyJson }, { requiredKeys: [] }), { maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(bulk, anyText, (body, tag) => {
        resultOrScimError(() => parseBulkRequest(body, { maxOperations: 10, maxPayloadSize: 1_000_000 }, 100));
        resultOrScimError(() => parseEntityTags(tag));
        for (const method of ["GET", "PUT", "PATCH", "DELETE"] as const) {
          resultOrScimError(() => checkPreconditions({ method, ifMatch: tag, ifNoneMatch: tag }, 'W/"1"'));
        }
      }),
      runs(2000),
    );
  });
});
