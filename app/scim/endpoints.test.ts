import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { SCIM_ENDPOINTS, allowedMethods, checkQuery, pathBelowBase, resolveEndpoint } from "./endpoints";

function badRequest(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    return error as ScimError;
  }
  throw new Error("expected a 400 ScimError");
}

describe("resolveEndpoint: the one SCIM URL normaliser", () => {
  it("names each endpoint, in any case, with doubled and trailing slashes", () => {
    expect(resolveEndpoint("/Users")).toEqual({ name: "users" });
    expect(resolveEndpoint("//users/")).toEqual({ name: "users" });
    expect(resolveEndpoint("/Users/.search")).toEqual({ name: "usersSearch" });
    expect(resolveEndpoint("/Users/abc/")).toEqual({ name: "user", id: "abc" });
    expect(resolveEndpoint("/GROUPS")).toEqual({ name: "groups" });
    expect(resolveEndpoint("/Groups/.search")).toEqual({ name: "groupsSearch" });
    expect(resolveEndpoint("/Groups/g1")).toEqual({ name: "group", id: "g1" });
    expect(resolveEndpoint("/Schemas")).toEqual({ name: "schemas" });
    expect(resolveEndpoint("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).toEqual({ name: "schema", id: "urn:ietf:params:scim:schemas:core:2.0:User" });
    expect(resolveEndpoint("/resourcetypes/User")).toEqual({ name: "resourceType", id: "User" });
    expect(resolveEndpoint("/ServiceProviderConfig")).toEqual({ name: "serviceProviderConfig" });
    expect(resolveEndpoint("/Bulk")).toEqual({ name: "bulk" });
    expect(resolveEndpoint("/Me")).toEqual({ name: "me" });
  });

  it("decodes ids: %20, %2F and UTF-8 are the characters they encode", () => {
    expect(resolveEndpoint("/Users/a%20b")).toEqual({ name: "user", id: "a b" });
    expect(resolveEndpoint("/Users/x%2Fy")).toEqual({ name: "user", id: "x/y" });
    expect(resolveEndpoint("/Users/%C3%A9")).toEqual({ name: "user", id: "é" });
  });

  it("older names of the service configuration: /serviceConfiguration (Microsoft's reference collection), /ServiceProviderConfigs (SCIM 1.1)", () => {
    expect(resolveEndpoint("/serviceConfiguration")).toEqual({ name: "serviceProviderConfig" });
    expect(resolveEndpoint("/ServiceProviderConfigs")).toEqual({ name: "serviceProviderConfig" });
  });

  it("unknown paths and extra segments are the unknown endpoint", () => {
    for (const path of ["", "/", "/Nope", "/Users/a/b", "/Bulk/x", "/Me/x", "/ServiceProviderConfig/x", "/Groups/.search/x"]) {
      expect(resolveEndpoint(path), path).toEqual({ name: "unknown" });
    }
  });

  it("400 for segments that are not valid percent-encoded UTF-8, or decode to control characters", () => {
    for (const path of ["/Users/%zz", "/Users/%ff%fe", "/Users/%u0000", "/Users/%", "/Users/%e9", "/Users/%00", "/Users/a%0Ab", "/Users/%7f", "/Users/%C2%85"]) {
      badRequest(() => resolveEndpoint(path));
    }
  });

  it("400 for dot segments, plain or percent-encoded: a path that climbs out of the base names nothing", () => {
    for (const path of ["/Users/..", "/Users/.", "/./Users", "/../Users", "/Users/%2e%2E", "/Users/.%2e", "/%2E/Users"]) {
      expect(badRequest(() => resolveEndpoint(path)).detail, path).toMatch(/segment/);
    }
    // A dot inside a segment is an ordinary character.
    expect(resolveEndpoint("/Users/a.b")).toEqual({ name: "user", id: "a.b" });
    expect(resolveEndpoint("/Users/...")).toEqual({ name: "user", id: "..." });
  });
});

describe("pathBelowBase", () => {
  it("strips /scim/v2 as Remix's router matches it: any case, percent-encoded, nothing or a slash after", () => {
    expect(pathBelowBase("/scim/v2/Users")).toBe("/Users");
    expect(pathBelowBase("/SCIM/V2/Users/x")).toBe("/Users/x");
    expect(pathBelowBase("/%73cim/v2/Users")).toBe("/Users");
    expect(pathBelowBase("/scim/v2")).toBe("");
    expect(pathBelowBase("/scim/v2//Users")).toBe("//Users");
  });

  it("is undefined for paths the router does not send to the SCIM routes", () => {
    for (const path of ["/scim/v1/Users", "/scim/v2x/Users", "/scim", "//scim/v2/Users", "/scim//v2/Users", "/scim/v2%2FUsers", "/app", "/"]) {
      expect(pathBelowBase(path), path).toBeUndefined();
    }
  });
});

describe("checkQuery", () => {
  it("passes well-formed queries, with + for spaces and raw quotes (Entra's validator)", () => {
    for (const query of ["", "?", '?filter=userName+eq+"dale.mohr%40romaguera.uk"', "?filter=userName%20eq%20%22%C3%A9%22&startIndex=1&count=10", "?filter=a%09eq%0A%22b%22", "?x"]) {
      expect(() => checkQuery(query), query).not.toThrow();
    }
  });

  it("400 for malformed escapes, invalid UTF-8 and control characters", () => {
    for (const query of ["?filter=%zz", "?filter=%ff", "?a=%", "?%zz=1", "?filter=a%00b", "?filter=%1b[0m", "?filter=%7f"]) {
      badRequest(() => checkQuery(query));
    }
  });
});

describe("allowedMethods", () => {
  it("lists the endpoint's methods, with HEAD beside GET", () => {
    expect(allowedMethods("users")).toBe("GET, POST, HEAD");
    expect(allowedMethods("usersSearch")).toBe("POST");
    expect(allowedMethods("user")).toBe("GET, PUT, PATCH, DELETE, HEAD");
    expect(allowedMethods("serviceProviderConfig")).toBe("GET, HEAD");
    for (const name of Object.keys(SCIM_ENDPOINTS) as (keyof typeof SCIM_ENDPOINTS)[]) {
      expect(SCIM_ENDPOINTS[name].pattern.startsWith("/"), name).toBe(true);
    }
  });
});
