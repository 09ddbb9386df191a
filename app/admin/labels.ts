// Words the admin shows for the engine's states, operations and actions, and small formatting
// helpers. Client-safe (no Prisma, no secrets): pages and server modules share it.

import { UNFINISHED_STATES, type DeliveryAction, type JobState, type UserOperation } from "~/sync/outbox";

export type BadgeTone = "success" | "critical" | "warning" | "attention" | "info" | "new" | undefined;

/** Event states (STYLE.md's six) as the merchant reads them. */
export const EVENT_STATES: Record<JobState, { label: string; tone: BadgeTone; progress?: "incomplete" | "partiallyComplete" | "complete" }> = {
  created: { label: "Queued", tone: "info", progress: "incomplete" },
  retry: { label: "Retrying", tone: "attention", progress: "partiallyComplete" },
  active: { label: "Delivering", tone: "info", progress: "partiallyComplete" },
  completed: { label: "Delivered", tone: "success", progress: "complete" },
  failed: { label: "Failed", tone: "critical", progress: "incomplete" },
  cancelled: { label: "Cancelled", tone: undefined, progress: "complete" },
};

export function stateLabel(state: string) {
  return EVENT_STATES[state as JobState] ?? { label: state, tone: undefined };
}

/** The status filter groups of the sync log. */
export const STATUS_FILTERS = {
  pending: { label: "Pending", states: UNFINISHED_STATES },
  delivered: { label: "Delivered", states: ["completed"] },
  failed: { label: "Failed", states: ["failed"] },
  cancelled: { label: "Cancelled", states: ["cancelled"] },
} as const;
export type StatusFilter = keyof typeof STATUS_FILTERS;
export const STATUS_FILTER_NAMES = Object.keys(STATUS_FILTERS) as [StatusFilter, ...StatusFilter[]];

/** The sync log's time filter. */
export const TIME_RANGES = {
  "1h": { label: "Last hour", ms: 60 * 60_000 },
  "24h": { label: "Last 24 hours", ms: 24 * 60 * 60_000 },
  "7d": { label: "Last 7 days", ms: 7 * 24 * 60 * 60_000 },
  "30d": { label: "Last 30 days", ms: 30 * 24 * 60 * 60_000 },
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

/** What the identity provider did (the SCIM request that recorded the event). */
export const OPERATIONS = {
  create: { label: "Create", request: "POST /Users" },
  replace: { label: "Replace", request: "PUT /Users/{id}" },
  patch: { label: "Update", request: "PATCH /Users/{id}" },
  delete: { label: "Delete", request: "DELETE /Users/{id}" },
  repair: { label: "Repair", request: "queued by reconcile" },
  reconcile: { label: "Reconcile", request: "queued by reconcile" },
  remap: { label: "New mapping", request: "queued when the attribute mapping changed" },
  groups: { label: "Group membership", request: "a change to /Groups/{id}" },
} as const satisfies Record<UserOperation, { label: string; request: string }>;
export type OperationName = keyof typeof OPERATIONS;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as [OperationName, ...OperationName[]];

/** Jobs about the whole store (resourceType "Shop", app/sync/shop-jobs.server.ts). */
export const SHOP_OPERATIONS: Record<string, { label: string; request: string }> = {
  reconcile: { label: "Reconcile the store", request: "Reconcile now in the sync log, or the daily check" },
  remap: { label: "Apply the new mapping", request: "Update customers now, after saving a new attribute mapping" },
};

/** The sync log's "person" column for a job about the whole store. */
export const WHOLE_STORE = "Whole store";

export function operationLabel(operation: string, resourceType = "User"): string {
  if (resourceType === "Shop") return SHOP_OPERATIONS[operation]?.label ?? operation;
  const known = OPERATIONS[operation as OperationName];
  const label = known?.label ?? operation;
  return resourceType === "User" ? label : `${label} (${resourceType})`;
}

export function operationRequest(operation: string, resourceType = "User"): string {
  if (resourceType === "Shop") return SHOP_OPERATIONS[operation]?.request ?? operation;
  const known = OPERATIONS[operation as OperationName];
  return (known?.request ?? operation).replace("/Users", `/${resourceType}s`);
}

/** What happened to a membership (operation "groups", payload.change). */
export const MEMBERSHIP_CHANGES: Record<string, string> = {
  added: "added to the group",
  removed: "removed from the group",
  renamed: "group renamed",
  deleted: "group deleted",
};

export function membershipChangeLabel(change: string | null): string {
  return change ? (MEMBERSHIP_CHANGES[change] ?? change) : "";
}

/** What delivery did in Shopify (ProvisioningEvent.action). */
export const ACTIONS: Record<DeliveryAction, string> = {
  created: "Created customer",
  linked: "Linked existing customer",
  updated: "Updated customer",
  marked: "Marked deactivated",
  unmarked: "Reactivated",
  deleted: "Deleted customer",
  unlinked: "Unlinked",
  erasure_requested: "Requested data erasure",
  recreated: "Re-created customer",
  no_match: "No matching customer",
  skipped: "Nothing to do",
  reported: "Reported",
  tagged: "Updated group tags",
  reconciled: "Compared with Shopify",
  remapped: "Queued people for the new mapping",
};

export function actionLabel(action: string | null): string {
  if (!action) return "—";
  return ACTIONS[action as DeliveryAction] ?? action;
}

/** ScimUser.syncState as the merchant reads it. */
export const SYNC_STATES: Record<string, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "info" },
  synced: { label: "In sync", tone: "success" },
  unlinked: { label: "Not linked", tone: "warning" },
  failed: { label: "Failed", tone: "critical" },
};

export function syncStateLabel(state: string) {
  return SYNC_STATES[state] ?? { label: state, tone: undefined };
}

/** "gid://shopify/Customer/123" → "123". */
export function customerNumericId(customerId: string | null | undefined): string | null {
  if (!customerId) return null;
  const match = /\/(\d+)$/.exec(customerId) ?? /^(\d+)$/.exec(customerId);
  return match ? match[1]! : null;
}

/** The customer's page in the Shopify admin, opened through App Bridge's shopify:admin links. */
export function customerAdminUrl(customerId: string | null | undefined): string | null {
  const id = customerNumericId(customerId);
  return id ? `shopify://admin/customers/${id}` : null;
}

const numberFormat = new Intl.NumberFormat("en-US");
export function formatCount(value: number): string {
  return numberFormat.format(value);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A person's display name from the directory columns. */
export function personName(person: { displayName: string | null; userName: string } | null, fallbackId?: string): string {
  if (!person) return fallbackId ? `Deleted person (${fallbackId.slice(0, 8)}…)` : "Unknown person";
  return person.displayName?.trim() || person.userName;
}
