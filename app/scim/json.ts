// Request bodies: JSON text → value, with SCIM errors (RFC 7644 §3.12).

import { ScimError } from "./errors";
import { LIMITS } from "./limits";
import { UNSTORABLE } from "./values";

/**
 * JSON.parse with a 400 instead of anything else:
 *  - not JSON → invalidSyntax (checklist 34). The detail gives the position only: V8's
 *    messages quote the input, which may hold a password.
 *  - nested deeper than LIMITS.jsonMaxDepth → invalidSyntax, checked before parsing: JSON.parse
 *    of a few megabytes of "[" costs seconds of CPU, and every walker after it would recurse
 *    that deep.
 *  - a string (key or value) that is not valid Unicode (a lone UTF-16 surrogate from a
 *    "\ud800" escape) or holds U+0000 → invalidValue: no field can store either (PostgreSQL
 *    text refuses both; the Admin API would too), so no path below ever sees them.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new ScimError(400, "invalidSyntax", "The request body is empty; a JSON object is required");
  checkNesting(text);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    const where = position !== undefined ? ` (near character ${Number(position) + 1})` : "";
    throw new ScimError(400, "invalidSyntax", `The request body is not valid JSON${where}`);
  }
  checkStrings(value);
  return value;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);

/** One pass over the text: the depth of [ and { outside strings. Malformed text is JSON.parse's to report. */
function checkNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (OPEN.has(c)) {
      if (++depth > LIMITS.jsonMaxDepth) {
        throw new ScimError(400, "invalidSyntax", `The request body is nested more than ${LIMITS.jsonMaxDepth} levels deep`);
      }
    } else if (CLOSE.has(c)) {
      depth--;
    }
  }
}


interface Visit {
  value: unknown;
  parent?: Visit;
  key?: string | number;
}

function checkStrings(root: unknown): void {
  const stack: Visit[] = [{ value: root }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) throw unstorable(value, visit);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], parent: visit, key: i });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, member] of Object.entries(value)) {
        if (UNSTORABLE.test(key)) throw unstorable(key, { value: key, parent: visit, key });
        stack.push({ value: member, parent: visit, key });
      }
    }
  }
}

function unstorable(text: string, at: Visit): ScimError {
  const what = text.includes("\u0000") ? "the character U+0000" : "a lone UTF-16 surrogate (not valid Unicode)";
  return new ScimError(400, "invalidValue", `The request body holds ${what} at ${pathOf(at)}`);
}

function pathOf(at: Visit): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | undefined = at; v?.key !== undefined; v = v.parent) keys.unshift(v.key);
  if (keys.length === 0) return "the top level";
  const text = keys.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
  return `"${text.length > 120 ? `${text.slice(0, 117)}…` : text}"`;
}
