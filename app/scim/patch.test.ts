// Unit cases for patch.ts beyond the replayed IdP bodies in idp-replay.test.ts.
import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { LIMITS } from "./limits";
import { PATCH_OP_SCHEMA, applyPatch, parsePatchRequest, patchResource } from "./patch";
import { GROUP_RESOURCE_TYPE as GROUP, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import type { JsonObject } from "./schemas/types";
import { catchScimError } from "./test-support";

const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SHOPIFY = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";
const U = "urn:ietf:params:scim:schemas:core:2.0:User";

const user = (): JsonObject => ({
  schemas: [U, SHOPIFY],
  id: "u1",
  userName: "bob@x.com",
  active: true,
  name: { givenName: "Bob", familyName: "B", formatted: "Bob B" },
  emails: [
    { type: "work", value: "bob@x.com", primary: true },
    { type: "home", value: "bob@home.org" },
  ],
  [SHOPIFY]: { customerId: "gid://shopify/Customer/1", syncState: "synced" },
  meta: { resourceType: "User", created: "2026-01-01T00:00:00Z", lastModified: "2026-01-01T00:00:00Z" },
});

const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations });

const patchError = (resource: JsonObject, body: unknown, rt = USER) => catchScimError(() => patchResource(resource, body, rt));

describe("parsePatchRequest", () => {
  it("accepts op names in any case (#46)", () => {
    const r = parsePatchRequest(ops({ op: "Add", path: "title", value: "x" }, { op: "REPLACE", path: "title", value: "y" }, { op: "Remove", path: "title" }));
    expect(r.operations.map((o) => o.op)).toEqual(["add", "replace", "remove"]);
  });

  it("tolerates a missing schemas and an `operations` key in any case", () => {
    expect(parsePatchRequest({ operations: [{ op: "replace", path: "title", value: "x" }] }).operations).toHaveLength(1);
  });

  it("accepts an empty Operations list (Microsoft's validator)", () => {
    expect(parsePatchRequest(ops()).operations).toEqual([]);
  });

  it.each([
    ["not an object", "x", "invalidSyntax"],
    ["a wrong schema", { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], Operations: [] }, "invalidSyntax"],
    ["no Operations", { schemas: [PATCH_OP_SCHEMA] }, "invalidSyntax"],
    ["Operations not a list", { schemas: [PATCH_OP_SCHEMA], Operations: {} }, "invalidSyntax"],
    ["an operation that is not an object", ops("replace"), "invalidSyntax"],
    ["an unknown op", ops({ op: "test", path: "title" }), "invalidSyntax"],
    ["a missing op", ops({ path: "title", value: "x" }), "invalidSyntax"],
    ["a non-string path", ops({ op: "remove", path: 7 }), "invalidPath"],
  ])("rejects %s", (_, body, scimType) => {
    let error: unknown;
    try {
      parsePatchRequest(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe(scimType);
  });

  it(`caps the number of operations at ${LIMITS.patchMaxOperations}`, () => {
    const many = Array.from({ length: LIMITS.patchMaxOperations + 1 }, () => ({ op: "replace", path: "title", value: "x" }));
    expect(() => parsePatchRequest(ops(...many))).toThrow(ScimError);
  });
});

describe("applyPatch", () => {
  it("returns a new object and never mutates its input", () => {
    const input = user();
    const snapshot = structuredClone(input);
    const result = patchResource(input, ops({ op: "replace", path: "name.givenName", value: "Z" }, { op: "remove", path: "emails" }), USER);
    expect(input).toEqual(snapshot);
    expect(result.resource).not.toBe(input);
    expect(result.resource["emails"]).toBeUndefined();
  });

  it("reports what changed, and nothing for a no-op (#69 idempotent rename)", () => {
    const same = patchResource(user(), ops({ op: "replace", path: "userName", value: "bob@x.com" }), USER);
    expect(same.changed).toBe(false);
    expect(same.changedAttributes).toEqual([]);
    const diff = patchResource(user(), ops({ op: "replace", path: "userName", value: "robert@x.com" }), USER);
    expect(diff.changed).toBe(true);
    expect(diff.changedAttributes).toEqual(["userName"]);
  });

  it("complex replace merges sub-attributes (RFC 7644 §3.5.2.3)", () => {
    const r = patchResource(user(), ops({ op: "replace", path: "name", value: { givenName: "Rob" } }), USER);
    expect(r.resource["name"]).toEqual({ givenName: "Rob", familyName: "B", formatted: "Bob B" });
  });

  it("a new manager id replaces the old manager's $ref and displayName", () => {
    const withMgr = { ...user(), [E]: { manager: { value: "m1", $ref: "https://x/Users/m1", displayName: "Old" } } };
    const r = patchResource(withMgr, ops({ op: "replace", path: "manager", value: "m2" }), USER);
    expect((r.resource[E] as JsonObject)["manager"]).toEqual({ value: "m2" });
  });

  it("path-less add merges into the resource; a nested extension object keeps other extension attributes (#50)", () => {
    const withExt = { ...user(), [E]: { department: "D", costCenter: "C" } };
    const r = patchResource(withExt, ops({ op: "add", value: { title: "T", [E]: { department: "X" } } }), USER);
    expect(r.resource["title"]).toBe("T");
    expect(r.resource[E]).toEqual({ department: "X", costCenter: "C" });
    expect(r.resource["schemas"]).toEqual([U, E, SHOPIFY]);
  });

  it("removing the last extension attribute drops the extension and its schema URN", () => {
    const withExt = { ...user(), schemas: [U, E, SHOPIFY], [E]: { department: "D" } };
    const r = patchResource(withExt, ops({ op: "remove", path: `${E}:department` }), USER);
    expect(r.resource[E]).toBeUndefined();
    expect(r.resource["schemas"]).toEqual([U, SHOPIFY]);
  });

  it("emails: adding a new primary demotes the old one; re-adding an existing value does not duplicate", () => {
    const r = patchResource(
      user(),
      ops({ op: "add", path: "emails", value: [{ type: "other", value: "new@x.com", primary: true }, { type: "work", value: "BOB@x.com" }] }),
      USER,
    );
    expect(r.resource["emails"]).toEqual([
      { type: "work", value: "BOB@x.com", primary: false },
      { type: "home", value: "bob@home.org" },
      { type: "other", value: "new@x.com", primary: true },
    ]);
  });

  it("setting primary through a filtered path demotes the others", () => {
    const r = patchResource(user(), ops({ op: "replace", path: 'emails[type eq "home"].primary', value: "True" }), USER);
    expect(r.resource["emails"]).toEqual([
      { type: "work", value: "bob@x.com", primary: false },
      { type: "home", value: "bob@home.org", primary: true },
    ]);
  });

  it("replace on a filter with an element value replaces the matching elements", () => {
    const r = patchResource(user(), ops({ op: "replace", path: 'emails[type eq "home"]', value: { type: "home", value: "new@home.org" } }), USER);
    expect(r.resource["emails"]).toEqual([
      { type: "work", value: "bob@x.com", primary: true },
      { type: "home", value: "new@home.org" },
    ]);
  });

  it("a filter that cannot describe a new element is 400 noTarget", () => {
    const e = patchError(user(), ops({ op: "replace", path: 'addresses[type co "wo"].locality', value: "X" }));
    expect(e.scimType).toBe("noTarget");
  });

  it("remove of a sub-attribute on filtered elements", () => {
    const r = patchResource(user(), ops({ op: "remove", path: 'emails[type eq "work"].primary' }), USER);
    expect(r.resource["emails"]).toEqual([
      { type: "work", value: "bob@x.com" },
      { type: "home", value: "bob@home.org" },
    ]);
  });

  it("multi-valued sub-attribute without a filter applies to every element", () => {
    const r = patchResource(user(), ops({ op: "replace", path: "emails.type", value: "other" }), USER);
    expect((r.resource["emails"] as JsonObject[]).map((e) => e["type"])).toEqual(["other", "other"]);
  });

  it("wrong value types are 400 invalidValue", () => {
    for (const op of [
      { op: "replace", path: "active", value: "maybe" },
      { op: "replace", path: "userName", value: { a: 1 } },
      { op: "replace", path: "name", value: 5 },
      { op: "replace", path: "emails", value: [{ value: true }] },
      { op: "replace", value: "not an object" },
      { op: "add", path: "title" },
    ]) {
      expect(patchError(user(), ops(op)).scimType).toBe("invalidValue");
    }
  });

  it("removing or blanking a required attribute is 400 invalidValue", () => {
    expect(patchError(user(), ops({ op: "remove", path: "userName" })).scimType).toBe("invalidValue");
    expect(patchError(user(), ops({ op: "replace", path: "userName", value: "" })).scimType).toBe("invalidValue");
    expect(patchError({ id: "g", displayName: "G" }, ops({ op: "replace", path: "displayName", value: null }), GROUP).scimType).toBe(
      "invalidValue",
    );
  });

  it("#61 read-only attributes: an unchanged echo passes, a change is 400 mutability", () => {
    expect(patchResource(user(), ops({ op: "replace", path: "id", value: "u1" }), USER).changed).toBe(false);
    expect(patchResource(user(), ops({ op: "replace", value: { id: "u1", title: "T" } }), USER).changedAttributes).toEqual(["title"]);
    expect(patchError(user(), ops({ op: "replace", value: { id: "u2" } })).scimType).toBe("mutability");
    expect(patchError(user(), ops({ op: "remove", path: "meta" })).scimType).toBe("mutability");
    expect(patchError(user(), ops({ op: "replace", path: `${SHOPIFY}:syncState`, value: "failed" })).scimType).toBe("mutability");
    expect(patchError(user(), ops({ op: "remove", path: SHOPIFY + ":customerId" })).scimType).toBe("mutability");
    expect(patchError(user(), ops({ op: "replace", path: "manager.displayName", value: "X" })).scimType).toBe("mutability");
  });

  it("#60 password is accepted, reported and never kept", () => {
    const r = patchResource(user(), ops({ op: "replace", path: "password", value: "P@ss" }), USER);
    expect(r.passwordProvided).toBe(true);
    expect(r.changed).toBe(false);
    expect(JSON.stringify(r.resource)).not.toContain("P@ss");
  });

  it("#56 an error names the operation, and nothing is applied", () => {
    const input = user();
    const e = patchError(input, ops({ op: "replace", path: "title", value: "T" }, { op: "replace", path: "fooBar", value: "x" }));
    expect(e.scimType).toBe("invalidPath");
    expect(e.detail).toMatch(/^Operation 2 \(replace fooBar\)/);
    expect(input["title"]).toBeUndefined();
  });

  it("a malformed filter in a path is 400 invalidFilter", () => {
    expect(patchError(user(), ops({ op: "remove", path: "emails[type eq]" })).scimType).toBe("invalidFilter");
  });

  it("members: elements must carry a value; immutable value cannot be rewritten", () => {
    const group = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g", displayName: "G", members: [{ value: "u1" }] };
    expect(patchError(group, ops({ op: "add", path: "members", value: [{ display: "no value" }] }), GROUP).scimType).toBe("invalidValue");
    expect(patchError(group, ops({ op: "replace", path: 'members[value eq "u1"].value', value: "u9" }), GROUP).scimType).toBe("mutability");
    const r = patchResource(group, ops({ op: "add", path: "members", value: "u2" }), GROUP);
    expect(r.members).toEqual({ added: ["u2"], removed: [] });
  });

  it(`multi-valued attributes are capped at ${LIMITS.multiValuedMaxItems} values`, () => {
    const emails = Array.from({ length: LIMITS.multiValuedMaxItems }, (_, i) => ({ value: `e${i}@x.com` }));
    const full = patchResource(user(), ops({ op: "replace", path: "emails", value: emails }), USER).resource;
    expect(patchError(full, ops({ op: "add", path: "emails", value: [{ value: "one-more@x.com" }] })).scimType).toBe("invalidValue");
  });

  it("string lengths are capped", () => {
    expect(patchError(user(), ops({ op: "replace", path: "title", value: "x".repeat(LIMITS.stringMaxLength + 1) })).scimType).toBe(
      "invalidValue",
    );
    expect(patchError(user(), ops({ op: "replace", path: "userName", value: "x".repeat(LIMITS.userNameMaxLength + 1) })).scimType).toBe(
      "invalidValue",
    );
  });

  it("applyPatch takes a parsed request", () => {
    const request = parsePatchRequest(ops({ op: "replace", path: "title", value: "T" }));
    expect(applyPatch(user(), request, USER).resource["title"]).toBe("T");
  });

  // Linear, not quadratic: 20,000 members in and 10,000 + 10,000 changed is well under a second
  // alone (a quadratic merge would take minutes). The directory hands the engine only the members
  // a PATCH names (docs/decisions/0005-groups.md), so this is more than any IdP request carries.
  it("large groups stay fast: 20000 members merged, deduplicated and removed by value", () => {
    const n = 20_000;
    expect(n).toBeLessThanOrEqual(LIMITS.groupMembersMaxItems);
    const members = Array.from({ length: n }, (_, i) => ({ value: `u${i}` }));
    const group = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g", displayName: "G", members };
    const added = Array.from({ length: n }, (_, i) => ({ value: `u${i + n / 2}` })); // half already members
    const removed = Array.from({ length: n / 2 }, (_, i) => ({ value: `u${i}` }));
    const started = performance.now();
    const r = patchResource(group, ops({ op: "add", path: "members", value: added }, { op: "remove", path: "members", value: removed }), GROUP);
    expect(performance.now() - started).toBeLessThan(3000);
    expect((r.resource["members"] as unknown[]).length).toBe(n);
    expect(r.members.added).toHaveLength(n / 2);
    expect(r.members.removed).toHaveLength(n / 2);
  });

  it("add on an extension sub-attribute path (urn:…:User:manager.value)", () => {
    const r = patchResource(user(), ops({ op: "add", path: `${E}:manager.value`, value: "Ruth" }), USER);
    expect(r.resource[E]).toEqual({ manager: { value: "Ruth" } });
  });

  it("error details quote at most a short preview of a bad value", () => {
    const e = patchError(user(), ops({ op: "replace", path: "active", value: "x".repeat(10000) }));
    expect(e.detail.length).toBeLessThan(200);
  });
});
