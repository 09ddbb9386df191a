import { describe, expect, it } from "vitest";
import { parsePath, resolveAttributeNames } from "./paths";
import { GROUP_RESOURCE_TYPE as GROUP, USER_RESOURCE_TYPE as USER } from "./schemas/resource-types";
import { catchScimError } from "./test-support";

const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const pathError = (text: string, rt = USER) => catchScimError(() => parsePath(text, rt));

describe("parsePath", () => {
  it("resolves names case-insensitively to their canonical spelling", () => {
    const t = parsePath("USERNAME", USER);
    expect(t.kind === "attribute" && t.ref.attribute.name).toBe("userName");
    expect(t.text).toBe("userName");
  });

  it("resolves sub-attributes", () => {
    const t = parsePath("name.GivenName", USER);
    expect(t.kind).toBe("attribute");
    if (t.kind !== "attribute") return;
    expect(t.ref.attribute.name).toBe("name");
    expect(t.subAttribute?.name).toBe("givenName");
    expect(t.text).toBe("name.givenName");
  });

  it("resolves full URN-prefixed names, with sub-attributes", () => {
    const t = parsePath(`${E}:manager.value`, USER);
    if (t.kind !== "attribute") throw new Error("attribute expected");
    expect(t.ref.extension).toBe(true);
    expect(t.ref.schemaId).toBe(E);
    expect(t.subAttribute?.name).toBe("value");
    expect(t.text).toBe(`${E}:manager.value`);
    const core = parsePath("urn:ietf:params:scim:schemas:core:2.0:User:userName", USER);
    expect(core.kind === "attribute" && core.ref.extension).toBe(false);
  });

  it("reads a \".\" after a whole schema URN as \":\" (Microsoft's \"SCIM Inbound\" collection: …:User.manager)", () => {
    const dotted = parsePath(`${E}.manager`, USER);
    const colon = parsePath(`${E}:manager`, USER);
    expect(dotted).toEqual(colon);
    expect(dotted.text).toBe(`${E}:manager`);
    const core = parsePath("urn:ietf:params:scim:schemas:core:2.0:User.name.givenName", USER);
    expect(core.kind === "attribute" && core.subAttribute?.name).toBe("givenName");
    // Not a schema URN followed by a dot: still refused.
    expect(pathError("urn:ietf:params:scim:schemas:extension:enterprise:2.0.manager").scimType).toBe("invalidPath");
  });

  it("resolves an extension URN alone to the whole extension", () => {
    expect(parsePath(E.toLowerCase(), USER)).toEqual({ kind: "extension", schemaId: E, text: E });
  });

  it("resolves unprefixed extension attributes (Entra's bare `manager`)", () => {
    const t = parsePath('manager[value eq "x"]', USER);
    if (t.kind !== "attribute") throw new Error("attribute expected");
    expect(t.ref.schemaId).toBe(E);
    expect(t.filter?.op).toBe("eq");
  });

  it("resolves value paths with a trailing sub-attribute", () => {
    const t = parsePath('emails[type eq "work"].value', USER);
    if (t.kind !== "attribute") throw new Error("attribute expected");
    expect(t.ref.attribute.name).toBe("emails");
    expect(t.filter).toBeDefined();
    expect(t.subAttribute?.name).toBe("value");
    expect(t.text).toBe('emails[type eq "work"].value');
  });

  it("keeps brackets inside quoted filter values", () => {
    const t = parsePath('members[value eq "a]b"]', GROUP);
    expect(t.kind === "attribute" && t.filter?.op).toBe("eq");
  });

  it.each([
    ["", "invalidPath"],
    ["fooBar", "invalidPath"],
    ["name.nickname", "invalidPath"],
    ["userName.value", "invalidPath"],
    ["userName[value eq \"x\"]", "invalidPath"],
    ["urn:example:params:scim:schemas:extension:acme:2.0:User:costCenter", "invalidPath"],
    ["urn:ietf:params:scim:schemas:core:2.0:User", "invalidPath"],
    ['emails[type eq "work"', "invalidPath"],
    ['emails[type eq "work"]x', "invalidPath"],
    ["emails.", "invalidPath"],
    ["emails[type eq]", "invalidFilter"],
    ['emails[nope eq "x"]', "invalidFilter"],
  ])("%s → 400 %s", (text, scimType) => {
    const error = pathError(text);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
  });
});

describe("resolveAttributeNames", () => {
  it("skips unknown names and reads a [filter] as the attribute itself", () => {
    const refs = resolveAttributeNames(["userName", "nope", 'emails[type eq "work"]', `${E}:department`, "name.givenName"], USER);
    expect(refs.map((r) => [r.attribute.name, r.subAttribute?.name])).toEqual([
      ["userName", undefined],
      ["emails", undefined],
      ["department", undefined],
      ["name", "givenName"],
    ]);
  });

  it("expands an extension URN to its attributes", () => {
    expect(resolveAttributeNames([E], USER).map((r) => r.attribute.name)).toEqual([
      "employeeNumber",
      "costCenter",
      "organization",
      "division",
      "department",
      "manager",
    ]);
  });
});
