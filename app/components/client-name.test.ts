// The test-connection panel names the identity provider from the request's User-Agent.
import { describe, expect, it } from "vitest";
import { clientName } from "./TestConnection";

describe("clientName", () => {
  it("names each identity provider from its User-Agent", () => {
    expect(clientName("Okta SCIM Client 1.0.0")).toBe("Okta");
    expect(clientName("Microsoft.Identity.Provisioning/1.0")).toBe("Microsoft Entra ID");
    expect(clientName("OneLogin-SCIM")).toBe("OneLogin");
    expect(clientName("JumpCloud SCIM")).toBe("JumpCloud");
    expect(clientName("PingOne-Provisioning/2.0")).toBe("Ping Identity");
    expect(clientName("Rippling SCIM")).toBe("Rippling");
    expect(clientName(null)).toBe("Unknown client");
  });

  it("does not read Ping into words that merely contain it", () => {
    expect(clientName("ShoppingBot/1.0")).toBe("ShoppingBot/1.0");
    expect(clientName("attribute-mapping-tool")).toBe("attribute-mapping-tool");
    expect(clientName("curl/8.5.0 ".padEnd(80, "x"))).toMatch(/…$/);
  });
});
