// RFC 7644 §3.5.2 (PATCH "path") and §3.10 (attribute notation):
//   PATH = attrPath / valuePath [subAttr]
// with optional schema URN prefixes, names matched case-insensitively.

import { ScimError } from "./errors";
import { parseValueFilter, type Filter } from "./filter";
import { LIMITS } from "./limits";
import {
  canonicalPath,
  findSubAttribute,
  isExtensionId,
  resolveAttribute,
  splitSchemaPrefix,
  type AttributeRef,
  type TopLevelAttribute,
} from "./schemas/resource-types";
import type { AttributeDefinition, ResourceTypeDefinition } from "./schemas/types";

export type PathTarget =
  /** The whole extension object: `urn:…:enterprise:2.0:User`. */
  | { readonly kind: "extension"; readonly schemaId: string; readonly text: string }
  /**
   * An attribute, maybe narrowed to the elements matching `filter`
   * (`emails[type eq "work"]`), maybe down to one sub-attribute
   * (`name.givenName`, `emails[type eq "work"].value`).
   */
  | {
      readonly kind: "attribute";
      readonly ref: TopLevelAttribute;
      readonly filter?: Filter;
      readonly subAttribute?: AttributeDefinition;
      readonly text: string;
    };

const NAME = /^[A-Za-z$][\w$-]*/;

function invalidPath(detail: string): ScimError {
  return new ScimError(400, "invalidPath", detail);
}

/**
 * Parse and resolve a PATCH path. Unknown attributes and malformed paths
 * are 400 invalidPath; a malformed [filter] is 400 invalidFilter (RFC 7644
 * Table 9 lists invalidFilter for "PATCH (Path Filter)").
 */
export function parsePath(text: string, rt: ResourceTypeDefinition): PathTarget {
  const source = text.trim();
  if (source === "") throw invalidPath("The path is empty");
  if (source.length > LIMITS.filterMaxLength) throw invalidPath(`The path is longer than ${LIMITS.filterMaxLength} characters`);
  let schemaId: string | undefined;
  let rest = source;
  let offset = 0;
  if (source.toLowerCase().startsWith("urn:")) {
    const split = splitSchemaPrefix(rt, source);
    if (!split) throw invalidPath(`"${source}" does not start with a schema of ${rt.name} resources`);
    if (split.rest === "") {
      if (!isExtensionId(rt, split.schemaId)) throw invalidPath(`"${source}" names the core schema, not an attribute`);
      return { kind: "extension", schemaId: split.schemaId, text: split.schemaId };
    }
    schemaId = split.schemaId;
    rest = split.rest;
    offset = source.length - rest.length;
  }

  const nameMatch = NAME.exec(rest);
  if (!nameMatch) throw invalidPath(`"${source}" is not a valid attribute path`);
  const name = nameMatch[0];
  const top = resolveAttribute(rt, schemaId, name);
  if (!top) throw invalidPath(`"${source}": "${name}" is not an attribute of ${rt.name} resources`);
  let i = name.length;

  let filter: Filter | undefined;
  if (rest[i] === "[") {
    if (top.attribute.type !== "complex") {
      throw invalidPath(`"${source}": "${top.attribute.name}" is not a complex attribute and cannot take a [filter]`);
    }
    const close = findClosingBracket(rest, i);
    if (close === -1) throw invalidPath(`"${source}": "[" at character ${offset + i + 1} is never closed`);
    filter = parseValueFilter(rest.slice(i + 1, close), rt, top, offset + i + 1);
    i = close + 1;
  }

  let subAttribute: AttributeDefinition | undefined;
  if (rest[i] === ".") {
    const subMatch = NAME.exec(rest.slice(i + 1));
    if (!subMatch) throw invalidPath(`"${source}": expected a sub-attribute name at character ${offset + i + 2}`);
    if (top.attribute.type !== "complex") {
      throw invalidPath(`"${source}": "${top.attribute.name}" has no sub-attributes`);
    }
    subAttribute = findSubAttribute(top.attribute, subMatch[0]);
    if (!subAttribute) {
      throw invalidPath(`"${source}": "${subMatch[0]}" is not a sub-attribute of "${top.attribute.name}"`);
    }
    i += 1 + subMatch[0].length;
  }
  if (i !== rest.length) {
    throw invalidPath(`"${source}": unexpected "${rest.slice(i)}" at character ${offset + i + 1}`);
  }
  const base = canonicalPath(top);
  return {
    kind: "attribute",
    ref: { schemaId: top.schemaId, extension: top.extension, attribute: top.attribute },
    ...(filter ? { filter } : {}),
    ...(subAttribute ? { subAttribute } : {}),
    text: `${base}${filter ? findBracketText(rest, name.length) : ""}${subAttribute ? "." + subAttribute.name : ""}`,
  };
}

function findBracketText(rest: string, start: number): string {
  const close = findClosingBracket(rest, start);
  return rest.slice(start, close + 1);
}

/** Index of the "]" closing the "[" at `open`, skipping quoted strings; -1 if none. */
function findClosingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "]") return i;
  }
  return -1;
}

/**
 * Resolve the names in an `attributes` / `excludedAttributes` parameter
 * (RFC 7644 §3.4.2.5) — comma-separated, URN-prefixed or not, with
 * sub-attributes. Lenient, because a bad projection should not fail a read:
 * unknown names are skipped, and a `[filter]` (Microsoft's reference suite
 * sends `attributes=emails[type eq "work"]`) is read as the attribute itself.
 */
export function resolveAttributeNames(list: readonly string[], rt: ResourceTypeDefinition): AttributeRef[] {
  const out: AttributeRef[] = [];
  for (const raw of list) {
    const text = raw.trim().replace(/\[[^\]]*\]/, "");
    if (text === "") continue;
    let schemaId: string | undefined;
    let rest = text;
    if (text.toLowerCase().startsWith("urn:")) {
      const split = splitSchemaPrefix(rt, text);
      if (!split) continue;
      if (split.rest === "") {
        // A whole extension: every attribute of it.
        for (const ext of rt.extensions) {
          if (ext.schema.id !== split.schemaId) continue;
          for (const attribute of ext.schema.attributes) out.push({ schemaId: ext.schema.id, extension: true, attribute });
        }
        continue;
      }
      schemaId = split.schemaId;
      rest = split.rest;
    }
    const [name, sub, extra] = rest.split(".");
    if (!name || extra !== undefined) continue;
    const ref = resolveAttribute(rt, schemaId, name, sub);
    if (ref) out.push(ref);
  }
  return out;
}
