// RFC 7644 §3.14 (versioning) with RFC 9110 §13.1.1/§13.1.2 preconditions.
//
// Versions are weak entity tags, W/"<n>", from a per-resource counter the
// storage bumps on each write. SCIM's own examples send weak tags in
// If-Match, so If-Match uses weak comparison here (RFC 9110 asks for strong
// comparison, which no weak tag could ever pass).

import { ScimError } from "./errors";

/** `W/"<n>"` for a version counter or opaque string. */
export function formatVersion(version: number | string): string {
  if (typeof version === "number" && (!Number.isSafeInteger(version) || version < 0)) {
    throw new TypeError("formatVersion: the version must be a non-negative integer");
  }
  const opaque = String(version);
  if (/["\s]/.test(opaque)) throw new TypeError('formatVersion: the version may not contain quotes or spaces');
  return `W/"${opaque}"`;
}

export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/** Parse an If-Match / If-None-Match value: "*" or a list of tags. Malformed tags are skipped. */
export function parseEntityTags(header: string): "*" | EntityTag[] {
  const trimmed = header.trim();
  if (trimmed === "*") return "*";
  const tags: EntityTag[] = [];
  const re = /(W\/)?"([^"]*)"/g;
  for (let m = re.exec(trimmed); m !== null; m = re.exec(trimmed)) tags.push({ weak: m[1] !== undefined, opaque: m[2]! });
  return tags;
}

function opaqueOf(version: string): string {
  const tags = parseEntityTags(version);
  if (tags !== "*" && tags.length === 1) return tags[0]!.opaque;
  return version;
}

/** Does If-Match allow the request? (No header: yes.) `currentVersion` null means the resource does not exist. */
export function ifMatchPasses(header: string | null | undefined, currentVersion: string | null): boolean {
  if (header === undefined || header === null || header.trim() === "") return true;
  if (currentVersion === null) return false;
  const tags = parseEntityTags(header);
  if (tags === "*") return true;
  const current = opaqueOf(currentVersion);
  return tags.some((t) => t.opaque === current);
}

/** Does If-None-Match match (i.e. the client already has this version)? */
export function ifNoneMatchMatches(header: string | null | undefined, currentVersion: string | null): boolean {
  if (header === undefined || header === null || header.trim() === "") return false;
  if (currentVersion === null) return false;
  const tags = parseEntityTags(header);
  if (tags === "*") return true;
  const current = opaqueOf(currentVersion);
  return tags.some((t) => t.opaque === current);
}

export type PreconditionOutcome = "proceed" | "notModified";

/**
 * Evaluate If-Match and If-None-Match for a request on a resource whose
 * current version is `currentVersion` (null: it does not exist).
 *  - If-Match fails → ScimError 412.
 *  - If-None-Match matches: GET/HEAD → "notModified" (answer 304, no body);
 *    other methods → ScimError 412.
 */
export function checkPreconditions(
  request: { method: string; ifMatch?: string | null; ifNoneMatch?: string | null },
  currentVersion: string | null,
): PreconditionOutcome {
  if (!ifMatchPasses(request.ifMatch, currentVersion)) {
    throw new ScimError(412, undefined, "The resource has changed: If-Match does not match its current version");
  }
  if (ifNoneMatchMatches(request.ifNoneMatch, currentVersion)) {
    const method = request.method.toUpperCase();
    if (method === "GET" || method === "HEAD") return "notModified";
    throw new ScimError(412, undefined, "If-None-Match matches the current version of the resource");
  }
  return "proceed";
}
