import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { checkPreconditions, formatVersion, ifMatchPasses, ifNoneMatchMatches, parseEntityTags } from "./etag";

describe("versions", () => {
  it("formats weak entity tags", () => {
    expect(formatVersion(3)).toBe('W/"3"');
    expect(formatVersion("abc")).toBe('W/"abc"');
    expect(() => formatVersion(-1)).toThrow(TypeError);
    expect(() => formatVersion('a"b')).toThrow(TypeError);
  });

  it("parses *, single tags and lists", () => {
    expect(parseEntityTags("*")).toBe("*");
    expect(parseEntityTags('W/"3"')).toEqual([{ weak: true, opaque: "3" }]);
    expect(parseEntityTags('"a", W/"b" ,"c"')).toEqual([
      { weak: false, opaque: "a" },
      { weak: true, opaque: "b" },
      { weak: false, opaque: "c" },
    ]);
  });
});

describe("If-Match", () => {
  it("passes without a header, with *, and with a matching tag (weak comparison)", () => {
    expect(ifMatchPasses(undefined, 'W/"3"')).toBe(true);
    expect(ifMatchPasses("*", 'W/"3"')).toBe(true);
    expect(ifMatchPasses('W/"3"', 'W/"3"')).toBe(true);
    expect(ifMatchPasses('"3"', 'W/"3"')).toBe(true);
    expect(ifMatchPasses('W/"1", W/"3"', 'W/"3"')).toBe(true);
  });

  it("fails on another version, and on a missing resource", () => {
    expect(ifMatchPasses('W/"2"', 'W/"3"')).toBe(false);
    expect(ifMatchPasses("*", null)).toBe(false);
  });
});

describe("If-None-Match", () => {
  it("matches the current version or *", () => {
    expect(ifNoneMatchMatches('W/"3"', 'W/"3"')).toBe(true);
    expect(ifNoneMatchMatches("*", 'W/"3"')).toBe(true);
    expect(ifNoneMatchMatches('W/"2"', 'W/"3"')).toBe(false);
    expect(ifNoneMatchMatches(null, 'W/"3"')).toBe(false);
  });
});

describe("checkPreconditions", () => {
  it("proceeds when nothing is asked", () => {
    expect(checkPreconditions({ method: "PUT" }, 'W/"3"')).toBe("proceed");
  });

  it("412 when If-Match fails", () => {
    expect(() => checkPreconditions({ method: "PATCH", ifMatch: 'W/"2"' }, 'W/"3"')).toThrow(ScimError);
    try {
      checkPreconditions({ method: "PATCH", ifMatch: 'W/"2"' }, 'W/"3"');
    } catch (e) {
      expect((e as ScimError).status).toBe(412);
    }
  });

  it("304 for a GET whose If-None-Match matches; 412 for a write", () => {
    expect(checkPreconditions({ method: "get", ifNoneMatch: 'W/"3"' }, 'W/"3"')).toBe("notModified");
    expect(() => checkPreconditions({ method: "PUT", ifNoneMatch: "*" }, 'W/"3"')).toThrow(ScimError);
    expect(checkPreconditions({ method: "GET", ifNoneMatch: 'W/"2"' }, 'W/"3"')).toBe("proceed");
  });
});
