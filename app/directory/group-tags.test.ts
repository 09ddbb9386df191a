import { describe, expect, it } from "vitest";
import { MAX_TAG_LENGTH, cleanTag, groupTag, tagKey } from "./group-tags";

const none = () => false;

describe("cleanTag: Shopify's tag rules", () => {
  it("has no commas (a comma separates tags), no control characters, single spaces, trimmed", () => {
    expect(cleanTag("group:Sales, EU")).toBe("group:Sales EU");
    expect(cleanTag("  group:a\tb\n c  ")).toBe("group:a b c");
    expect(cleanTag("group:,,,")).toBe("group:");
  });

  it("is at most 255 characters and never splits a surrogate pair", () => {
    expect(cleanTag("x".repeat(400))).toHaveLength(MAX_TAG_LENGTH);
    const emoji = "a".repeat(254) + "😀";
    const cut = cleanTag(emoji);
    expect(cut.length).toBeLessThanOrEqual(MAX_TAG_LENGTH);
    expect(cut).toBe("a".repeat(254));
  });
});

describe("groupTag", () => {
  it("is the prefix plus the displayName", () => {
    expect(groupTag("group:", "Wholesale EU", none, "id")).toBe("group:Wholesale EU");
    expect(groupTag("", "Sales", none, "id")).toBe("Sales");
    expect(groupTag("team ", "  Sales ", none, "id")).toBe("team Sales");
  });

  it("a name with nothing left after cleaning uses the fallback", () => {
    expect(groupTag("group:", ",,", none, "3f2a9c1e")).toBe("group:3f2a9c1e");
  });

  it("collisions: a tag another group holds (in any case) gets the first free (n) suffix", () => {
    const taken = new Set(["group:sales eu", "group:sales eu (2)"]);
    expect(groupTag("group:", "Sales, EU", (k) => taken.has(k), "id")).toBe("group:Sales EU (3)");
    expect(groupTag("group:", "SALES EU", (k) => taken.has(k), "id")).toBe("group:SALES EU (3)");
  });

  it("long names are cut so the suffix still fits", () => {
    const long = "n".repeat(300);
    const first = groupTag("group:", long, none, "id");
    expect(first).toHaveLength(MAX_TAG_LENGTH);
    const second = groupTag("group:", long, (k) => k === tagKey(first), "id");
    expect(second).toHaveLength(MAX_TAG_LENGTH);
    expect(second.endsWith(" (2)")).toBe(true);
  });

  it("never takes the engine's own tags (scim, scim:deactivated), whatever the prefix", () => {
    expect(groupTag("", "scim", none, "id")).toBe("scim (2)");
    expect(groupTag("scim:", "Deactivated", none, "id")).toBe("scim:Deactivated (2)");
  });
});
