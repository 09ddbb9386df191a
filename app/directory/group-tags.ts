// The customer tag a SCIM group becomes: the shop's groupTagPrefix + the group's displayName,
// cleaned to Shopify's tag rules and unique in the shop (docs/decisions/0005-groups.md).
//
// Shopify's rules (tests/shopify-twin/README.md, shopify.dev tagsAdd): a comma separates tags, so
// a tag cannot contain one; tags are trimmed; at most 255 characters; tags compare
// case-insensitively ("VIP" and "vip" are one tag). Plain TypeScript, no I/O.
import { isEngineMark, tagKey } from "~/sync/customer-tags";

export { tagKey };

export const MAX_TAG_LENGTH = 255;

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/**
 * A text made into one valid tag: control characters and commas become spaces, runs of white
 * space become one space, trimmed, cut to 255 characters.
 */
export function cleanTag(text: string): string {
  const cleaned = text
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/,/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return truncate(cleaned, MAX_TAG_LENGTH).trimEnd();
}

/**
 * The tag for a group: `prefix + displayName` cleaned, or `prefix + fallback` when the name has
 * nothing left after cleaning (a name of commas). When another group of the shop already holds
 * that tag (`taken`, by tagKey), or it is one of the engine's own tags, the first free of
 * "<tag> (2)", "<tag> (3)", … (cut so the suffix still fits in 255 characters).
 */
export function groupTag(prefix: string, displayName: string, taken: (key: string) => boolean, fallback: string): string {
  const name = cleanTag(displayName) === "" ? fallback : displayName.trim();
  const base = cleanTag(prefix + name);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    const candidate = truncate(base, MAX_TAG_LENGTH - suffix.length).trimEnd() + suffix;
    const key = tagKey(candidate);
    if (candidate !== "" && !isEngineMark(candidate) && !taken(key)) return candidate;
  }
}
