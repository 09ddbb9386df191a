// Shopify global ids: gid://shopify/Customer/7300000000001 (optionally with ?query params).

export function toGid(typeName: string, id: number, query = ""): string {
  return `gid://shopify/${typeName}/${id}${query}`;
}

export function parseGid(value: string): { typeName: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { typeName: match[1]!, id } : null;
}

/** The numeric id of a gid of the given type, or null. */
export function idOf(value: unknown, typeName: string): number | null {
  if (typeof value !== "string") return null;
  const parsed = parseGid(value);
  return parsed && parsed.typeName === typeName ? parsed.id : null;
}
