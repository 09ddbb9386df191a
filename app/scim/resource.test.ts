import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits";
import { patchResource } from "./patch";
import { parseGroupInput, parseUserInput, primaryValue, projectAttributes } from "./resource";
import { GROUP_RESOURCE_TYPE as GROUP, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import type { JsonObject } from "./schemas/types";
import { catchScimError } from "./test-support";

const U = "urn:ietf:params:scim:schemas:core:2.0:User";
const G = "urn:ietf:params:scim:schemas:core:2.0:Group";
const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const SHOPIFY = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";

describe("parseUserInput", () => {
  it("#34 requires userName: missing or blank → 400 invalidValue, in both modes", () => {
    for (const body of [{ schemas: [U] }, { userName: "" }, { userName: "   " }, { userName: null }]) {
      expect(catchScimError(() => parseUserInput(body, "create")).scimType).toBe("invalidValue");
      expect(catchScimError(() => parseUserInput(body, "replace")).scimType).toBe("invalidValue");
    }
  });

  it("#34 a body that is not an object → 400 invalidSyntax", () => {
    for (const body of [null, "x", 1, [], true]) expect(catchScimError(() => parseUserInput(body, "create")).scimType).toBe("invalidSyntax");
  });

  it("#35 ignores client-supplied readOnly attributes: id, meta, groups, our Shopify extension", () => {
    const parsed = parseUserInput(
      {
        schemas: [U, SHOPIFY],
        id: "abc",
        userName: "a@b.c",
        meta: { resourceType: "User", created: "2020-01-01T00:00:00Z" },
        groups: [{ value: "G1" }],
        [SHOPIFY]: { customerId: "gid://shopify/Customer/999", syncState: "synced" },
      },
      "create",
    );
    expect(parsed.resource).toEqual({ schemas: [U], userName: "a@b.c" });
  });

  it("#29/#60 drops the password and reports it", () => {
    const parsed = parseUserInput({ userName: "a@b.c", password: "1mz050nq" }, "create");
    expect(parsed.resource).toEqual({ schemas: [U], userName: "a@b.c" });
    expect(parsed.passwordProvided).toBe(true);
    expect(parseUserInput({ userName: "a@b.c", password: "" }, "create").passwordProvided).toBe(false);
  });

  it("accepts attribute names in any case and stores the canonical spelling", () => {
    const parsed = parseUserInput({ USERNAME: "a@b.c", Name: { GIVENNAME: "A" }, Emails: [{ Value: "a@b.c", Primary: "TRUE" }] }, "create");
    expect(parsed.resource).toEqual({ schemas: [U], userName: "a@b.c", name: { givenName: "A" }, emails: [{ value: "a@b.c", primary: true }] });
  });

  it("extension attributes under the URN object, or as flattened URN keys", () => {
    const parsed = parseUserInput(
      { userName: "a@b.c", [E]: { department: "D", manager: "m1" }, [`${E}:costCenter`]: "C", [`${E}:manager.value`]: "ignored" },
      "create",
    );
    expect(parsed.resource).toEqual({ schemas: [U, E], userName: "a@b.c", [E]: { department: "D", manager: { value: "m1" }, costCenter: "C" } });
    expect(parsed.ignoredAttributes).toEqual([`${E}:manager.value`]);
  });

  it("Entra's custom extension keys (URN not in schemas) are ignored, not rejected", () => {
    const custom = "urn:ietf:params:scim:schemas:extension:CustomApp:2.0:User";
    const parsed = parseUserInput({ userName: "a@b.c", [custom]: { badge: "1" }, [`${custom}:badge`]: "1" }, "create");
    expect(parsed.resource).toEqual({ schemas: [U], userName: "a@b.c" });
    expect(parsed.ignoredAttributes).toEqual([custom, `${custom}:badge`]);
  });

  it("rejects unknown URNs in schemas with 400 invalidSyntax", () => {
    const e = catchScimError(() => parseUserInput({ schemas: [U, "urn:example:unknown"], userName: "a@b.c" }, "create"));
    expect(e.scimType).toBe("invalidSyntax");
    expect(e.detail).toContain("urn:example:unknown");
    expect(catchScimError(() => parseUserInput({ schemas: "nope", userName: "a" }, "create")).scimType).toBe("invalidSyntax");
  });

  it("wrong types → 400 invalidValue with the attribute's path", () => {
    const cases: [unknown, RegExp][] = [
      [{ userName: "a", active: "yes" }, /active/],
      [{ userName: 5 }, /^$/], // numbers become text: accepted
      [{ userName: "a", name: "Bob" }, /name/],
      [{ userName: "a", emails: [{ value: { x: 1 } }] }, /emails\[0\]\.value/],
      [{ userName: "a", [E]: "Sales" }, /enterprise/],
      [{ userName: "a", addresses: [{ primary: "sometimes" }] }, /addresses\[0\]\.primary/],
    ];
    for (const [body, detail] of cases) {
      if (detail.source === "^$") {
        expect(parseUserInput(body, "create").resource["userName"]).toBe("5");
        continue;
      }
      const e = catchScimError(() => parseUserInput(body, "create"));
      expect(e.scimType).toBe("invalidValue");
      expect(e.detail).toMatch(detail);
    }
  });

  it(`enforces length limits: userName ${LIMITS.userNameMaxLength}, strings ${LIMITS.stringMaxLength}`, () => {
    expect(parseUserInput({ userName: "u".repeat(LIMITS.userNameMaxLength) }, "create").resource["userName"]).toHaveLength(LIMITS.userNameMaxLength);
    expect(catchScimError(() => parseUserInput({ userName: "u".repeat(LIMITS.userNameMaxLength + 1) }, "create")).scimType).toBe("invalidValue");
    expect(catchScimError(() => parseUserInput({ userName: "u", title: "t".repeat(LIMITS.stringMaxLength + 1) }, "create")).scimType).toBe(
      "invalidValue",
    );
  });

  it(`enforces at most ${LIMITS.multiValuedMaxItems} values per multi-valued attribute`, () => {
    const emails = Array.from({ length: LIMITS.multiValuedMaxItems + 1 }, (_, i) => ({ value: `e${i}@x.com` }));
    expect(catchScimError(() => parseUserInput({ userName: "u", emails }, "create")).scimType).toBe("invalidValue");
  });

  it("drops duplicate value+type pairs and keeps a single primary", () => {
    const parsed = parseUserInput(
      {
        userName: "u",
        emails: [
          { value: "a@x.com", type: "work", primary: true },
          { value: "A@X.COM", type: "work" },
          { value: "b@x.com", type: "home", primary: true },
        ],
      },
      "create",
    );
    expect(parsed.resource["emails"]).toEqual([
      { value: "a@x.com", type: "work", primary: true },
      { value: "b@x.com", type: "home", primary: false },
    ]);
  });

  it("#36 primaryValue: the primary element, else the first (OneLogin sends no primary)", () => {
    const parsed = parseUserInput({ userName: "u", emails: { value: "only@x.com" } }, "create").resource;
    expect(primaryValue(parsed, "emails")).toEqual({ value: "only@x.com" });
    expect(primaryValue({ emails: [{ value: "a" }, { value: "b", primary: true }] }, "emails")).toEqual({ value: "b", primary: true });
    expect(primaryValue({}, "emails")).toBeUndefined();
  });

  it("manager: a bare string, {value}, or a one-element list", () => {
    for (const manager of ["m1", { value: "m1" }, [{ value: "m1", $ref: null }]]) {
      expect(parseUserInput({ userName: "u", [E]: { manager } }, "create").resource[E]).toEqual({ manager: { value: "m1" } });
    }
    expect(catchScimError(() => parseUserInput({ userName: "u", [E]: { manager: [{ value: "a" }, { value: "b" }] } }, "create")).scimType).toBe(
      "invalidValue",
    );
  });
});

describe("parseGroupInput", () => {
  it("#63 Okta's POST /Groups", () => {
    expect(parseGroupInput({ schemas: [G], displayName: "Test SCIMv2", members: [] }, "create").resource).toEqual({
      schemas: [G],
      displayName: "Test SCIMv2",
    });
  });

  it("#77 PUT with members, including plain-string members and Entra's displayName key", () => {
    const parsed = parseGroupInput(
      { schemas: [G], id: "g", displayName: "G", members: [{ value: "U1", display: "u1@x" }, "U6", { value: "U6", displayName: "dup" }] },
      "replace",
    );
    expect(parsed.resource).toEqual({ schemas: [G], displayName: "G", members: [{ value: "U1", display: "u1@x" }, { value: "U6" }] });
  });

  it("requires displayName", () => {
    expect(catchScimError(() => parseGroupInput({ schemas: [G], members: [] }, "create")).scimType).toBe("invalidValue");
  });

  it(`accepts up to ${LIMITS.groupMembersMaxItems} members in one body`, () => {
    const members = Array.from({ length: LIMITS.groupMembersMaxItems + 1 }, (_, i) => ({ value: `u${i}` }));
    expect(catchScimError(() => parseGroupInput({ displayName: "G", members }, "create")).scimType).toBe("invalidValue");
  });
});

describe("projectAttributes", () => {
  const stored: JsonObject = {
    schemas: [U, E, SHOPIFY],
    id: "u1",
    externalId: "ext",
    userName: "bob@x.com",
    name: { givenName: "Bob", familyName: "B" },
    active: false,
    password: "should-never-be-here",
    emails: [{ type: "work", value: "bob@x.com", primary: true }],
    [E]: { department: "D", manager: { value: "m1", displayName: "Boss" } },
    [SHOPIFY]: { customerId: "gid://shopify/Customer/1", syncState: "synced" },
    internalNote: "not in any schema",
    meta: { resourceType: "User", created: "2026-01-01T00:00:00Z", lastModified: "2026-01-02T00:00:00Z", location: "https://x/Users/u1", version: 'W/"2"' },
  };

  it("#27/#25 default projection: everything but password; inactive users keep active:false; unknown keys dropped", () => {
    const out = projectAttributes(stored, USER);
    expect(out["password"]).toBeUndefined();
    expect(out["internalNote"]).toBeUndefined();
    expect(out["active"]).toBe(false);
    expect(out["meta"]).toEqual(stored["meta"]);
    expect(out[SHOPIFY]).toEqual(stored[SHOPIFY]);
    expect(Object.keys(out)[0]).toBe("schemas");
    expect(Object.keys(out).at(-1)).toBe("meta");
  });

  it("#28 attributes=userName,emails → only those plus id, schemas, meta", () => {
    expect(projectAttributes(stored, USER, { attributes: "userName,emails" })).toEqual({
      schemas: stored["schemas"],
      id: "u1",
      userName: "bob@x.com",
      emails: stored["emails"],
      meta: stored["meta"],
    });
  });

  it("#28 excludedAttributes=emails omits emails; id and schemas cannot be excluded", () => {
    const out = projectAttributes(stored, USER, { excludedAttributes: ["emails", "id", "schemas"] });
    expect(out["emails"]).toBeUndefined();
    expect(out["id"]).toBe("u1");
    expect(out["schemas"]).toBeDefined();
    expect(out["userName"]).toBe("bob@x.com");
  });

  it("sub-attributes and URN-prefixed names in attributes / excludedAttributes", () => {
    expect(projectAttributes(stored, USER, { attributes: `name.givenName,${E}:manager.value` })).toEqual({
      schemas: stored["schemas"],
      id: "u1",
      name: { givenName: "Bob" },
      [E]: { manager: { value: "m1" } },
      meta: stored["meta"],
    });
    const out = projectAttributes(stored, USER, { excludedAttributes: `name.familyName,${SHOPIFY}` });
    expect(out["name"]).toEqual({ givenName: "Bob" });
    expect(out[SHOPIFY]).toBeUndefined();
  });

  it("Microsoft's attributes=emails[type eq \"work\"] reads as emails", () => {
    expect(projectAttributes(stored, USER, { attributes: 'emails[type eq "work"]' })["emails"]).toEqual(stored["emails"]);
  });

  it("#67 groups: excludedAttributes=members omits members; an empty list is kept otherwise", () => {
    const group = { schemas: [G], id: "g", displayName: "G", members: [{ value: "u1", display: "Bob" }], meta: { resourceType: "Group" } };
    expect(projectAttributes(group, GROUP, { excludedAttributes: "members" })).toEqual({ schemas: [G], id: "g", displayName: "G", meta: { resourceType: "Group" } });
    expect(projectAttributes({ ...group, members: [] }, GROUP)["members"]).toEqual([]);
  });

  it("does not modify its input", () => {
    const snapshot = structuredClone(stored);
    projectAttributes(stored, USER, { attributes: "name.givenName" });
    expect(stored).toEqual(snapshot);
  });
});

describe("characters a field cannot hold (issue 13)", () => {
  it("control characters in single-line attributes → 400 invalidValue naming the attribute", () => {
    const bodies: [JsonObject, RegExp][] = [
      [{ userName: "bell\u0007@x.test" }, /"userName" holds a control character/],
      [{ userName: "a@x.test", name: { givenName: "Ann\nMarie" } }, /"name\.givenName"/],
      [{ userName: "a@x.test", emails: [{ value: "a\t@x.test" }] }, /"emails\[0\]\.value"/],
      [{ userName: "a@x.test", displayName: "A\u007f" }, /"displayName"/],
      [{ userName: "a@x.test", title: "C1 \u0085 next line" }, /"title"/],
      [{ userName: "a@x.test", externalId: "ext\r" }, /"externalId"/],
      [{ userName: "a@x.test", [E]: { department: "Sales\u001b[31m" } }, /department/],
    ];
    for (const [body, detail] of bodies) {
      const error = catchScimError(() => parseUserInput(body, "create"));
      expect(error.scimType, JSON.stringify(body)).toBe("invalidValue");
      expect(error.detail).toMatch(detail);
    }
    expect(catchScimError(() => parseGroupInput({ displayName: "Line\nbreak" }, "create")).scimType).toBe("invalidValue");
  });

  it("U+0000 and lone surrogates → 400 invalidValue wherever they are (the JSON reader refuses them first; this is the layer below)", () => {
    for (const value of ["a\u0000b", "\ud800", "x\udc00"]) {
      expect(catchScimError(() => parseUserInput({ userName: "a@x.test", nickName: value }, "create")).scimType).toBe("invalidValue");
    }
  });

  it("an address's formatted text and street lines may span lines (Microsoft's reference collection sends them so)", () => {
    const parsed = parseUserInput(
      { userName: "a@x.test", addresses: [{ type: "work", formatted: "9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645", streetAddress: "9132 Jennifer Way\r\nSuite 040\tRear" }] },
      "create",
    );
    expect(parsed.resource["addresses"]).toEqual([expect.objectContaining({ formatted: "9132 Jennifer Way Suite 040\nSouth Nancy, MI 55645" })]);
    expect(catchScimError(() => parseUserInput({ userName: "a@x.test", addresses: [{ formatted: "bell\u0007" }] }, "create")).scimType).toBe("invalidValue");
    expect(catchScimError(() => parseUserInput({ userName: "a@x.test", addresses: [{ locality: "Two\nLines" }] }, "create")).scimType).toBe("invalidValue");
  });

  it("a PATCH value is held to the same rules", () => {
    const stored = parseUserInput({ userName: "a@x.test" }, "create").resource;
    const patch = (value: unknown) => ({ Operations: [{ op: "replace", path: "name.familyName", value }] });
    expect(catchScimError(() => patchResource(stored, patch("O'\u0000Malley"), USER)).scimType).toBe("invalidValue");
    expect(catchScimError(() => patchResource(stored, patch("tab\there"), USER)).scimType).toBe("invalidValue");
    expect(patchResource(stored, patch("O'Malley"), USER).resource["name"]).toEqual({ familyName: "O'Malley" });
  });
});
