// Replays the exact request bodies Okta, Entra and other IdPs send
// (fixtures/{okta,entra,other}/*.json, copied from research §1–§3) through the
// protocol layer: one table test, as elimity-com/scim does with its
// internal/idp_test/testdata. Each fixture names its checklist items.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { patchResource } from "./patch";
import { parseResourceInput, type InputMode } from "./resource";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas/resource-types";
import type { JsonObject } from "./schemas/types";
import { catchScimError } from "./test-support";

interface Fixture {
  title: string;
  source: string;
  checklist: number[];
  kind: "patch" | InputMode;
  resourceType: "User" | "Group";
  before?: JsonObject;
  request: unknown;
  expected?: JsonObject;
  expectedError?: { status: number; scimType?: string };
  expectedChanges?: { changedAttributes?: string[]; members?: { added: string[]; removed: string[] }; passwordProvided?: boolean };
  expectedPasswordProvided?: boolean;
  expectedIgnoredAttributes?: string[];
}

const root = fileURLToPath(new URL("./fixtures", import.meta.url));

for (const idp of ["okta", "entra", "other"]) {
  describe(`${idp} traffic`, () => {
    for (const file of readdirSync(`${root}/${idp}`).filter((f) => f.endsWith(".json")).sort()) {
      const fixture = JSON.parse(readFileSync(`${root}/${idp}/${file}`, "utf8")) as Fixture;
      const rt = fixture.resourceType === "User" ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
      const name = `${fixture.checklist.map((n) => `#${n}`).join(" ")} ${file}: ${fixture.title}`;
      it(name, () => {
        if (fixture.kind === "patch") {
          const before = fixture.before!;
          const snapshot = structuredClone(before);
          if (fixture.expectedError) {
            const error = catchScimError(() => patchResource(before, fixture.request, rt));
            expect({ status: error.status, scimType: error.scimType }).toEqual(fixture.expectedError);
          } else {
            const result = patchResource(before, fixture.request, rt);
            expect(result.resource).toEqual(fixture.expected);
            const changes = fixture.expectedChanges;
            if (changes?.changedAttributes) expect(result.changedAttributes).toEqual(changes.changedAttributes);
            if (changes?.members) expect(result.members).toEqual(changes.members);
            if (changes?.passwordProvided !== undefined) expect(result.passwordProvided).toBe(changes.passwordProvided);
            expect(JSON.stringify(result.resource)).not.toContain("password");
          }
          expect(before).toEqual(snapshot); // never mutated
          return;
        }
        if (fixture.expectedError) {
          const error = catchScimError(() => parseResourceInput(fixture.request, rt, fixture.kind as InputMode));
          expect({ status: error.status, scimType: error.scimType }).toEqual(fixture.expectedError);
          return;
        }
        const parsed = parseResourceInput(fixture.request, rt, fixture.kind as InputMode);
        expect(parsed.resource).toEqual(fixture.expected);
        if (fixture.expectedPasswordProvided !== undefined) expect(parsed.passwordProvided).toBe(fixture.expectedPasswordProvided);
        if (fixture.expectedIgnoredAttributes) expect(parsed.ignoredAttributes).toEqual(fixture.expectedIgnoredAttributes);
      });
    }
  });
}
