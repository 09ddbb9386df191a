import { GraphQLError } from "graphql";

// Relay connections with Shopify's opaque cursors (base64 of {"last_id":…,"last_value":…}).
// A cursor keeps working after its row is deleted because positions compare by sort value and id.

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface CursorKey {
  id: number;
  value: string | number;
}

export interface Ordering<T> {
  keyOf(item: T): CursorKey;
  /** Negative when a comes first in the returned order (reverse already applied). */
  compare(a: CursorKey, b: CursorKey): number;
}

export interface Connection<TNode> {
  edges: Array<{ cursor: string; node: TNode }>;
  nodes: TNode[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify({ last_id: key.id, last_value: key.value })).toString("base64");
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "number" && (typeof parsed.last_value === "string" || typeof parsed.last_value === "number")) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort: ${cursor}`);
}

export function compareValues(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

export function paginate<T, TNode>(ordered: T[], args: PageArgs, ordering: Ordering<T>, toNode: (item: T) => TNode): Connection<TNode> {
  if (args.first == null && args.last == null) throw new GraphQLError("you must provide one of first or last");
  const keys = ordered.map((item) => ordering.keyOf(item));
  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    while (start < end && ordering.compare(keys[start]!, after) <= 0) start += 1;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    while (end > start && ordering.compare(keys[end - 1]!, before) >= 0) end -= 1;
  }
  if (args.first != null) end = Math.min(end, start + Math.max(0, Math.min(args.first, MAX_PAGE_SIZE)));
  if (args.last != null) start = Math.max(start, end - Math.max(0, Math.min(args.last, MAX_PAGE_SIZE)));
  const edges = ordered.slice(start, end).map((item, offset) => ({ cursor: encodeCursor(keys[start + offset]!), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Ascending by id (optionally reversed): the ordering of most Shopify connections. */
export function idOrdering<T extends { id: number }>(reverse: boolean): Ordering<T> {
  return valueOrdering<T>(null, reverse);
}

/** Ascending by a sort key's value, ties by id (null: by id alone), optionally reversed. */
export function valueOrdering<T extends { id: number }>(valueOf: ((item: T) => string | number) | null, reverse: boolean): Ordering<T> {
  return {
    keyOf: (item) => ({ id: item.id, value: valueOf ? valueOf(item) : String(item.id) }),
    compare: (a, b) => {
      const order = valueOf ? compareValues(a.value, b.value) || a.id - b.id : a.id - b.id;
      return reverse ? -order : order;
    },
  };
}

/** Sorts items by the ordering and pages through them: what a connection resolver returns. */
export function paginateSorted<T, TNode>(items: T[], args: PageArgs, ordering: Ordering<T>, toNode: (item: T) => TNode): Connection<TNode> {
  const sorted = [...items].sort((a, b) => ordering.compare(ordering.keyOf(a), ordering.keyOf(b)));
  return paginate(sorted, args, ordering, toNode);
}
