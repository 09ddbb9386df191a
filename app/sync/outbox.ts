// The outbox's words: its states, keys, operations and the actions a delivery reports. Plain
// TypeScript with no Prisma, so the admin pages (client bundle) use the same unions as the engine.
// The table itself — every insert and every state change — belongs to ./outbox.server.ts.
//
// States as in pg-boss (STYLE.md): created → active → completed | failed, retry between attempts,
// cancelled by a privacy request or the admin.

export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Waiting to start: claimable once due (runAt). */
export const OPEN_STATES = ["created", "retry"] as const satisfies readonly JobState[];
export type OpenState = (typeof OPEN_STATES)[number];

/** Not finished: waiting, or being delivered under a lease. */
export const UNFINISHED_STATES = ["created", "retry", "active"] as const satisfies readonly JobState[];

/** What an event is about: a person, or the whole shop (app/sync/shop-jobs.server.ts). */
export type ResourceType = "User" | "Shop";

/** Changes the SCIM directory records for a person (app/directory/users.server.ts). */
export type UserChange = "create" | "replace" | "patch" | "delete";
/** A person's group membership changed (app/directory/group-events.ts): delivered as tags. */
export const MEMBERSHIP_OPERATION = "groups";
/** Queued by the engine for a person: a repair (drift, "Sync now"), reconcile's repair, a new mapping. */
export type UserJob = "repair" | "reconcile" | "remap";
export type UserOperation = UserChange | typeof MEMBERSHIP_OPERATION | UserJob;

export const SHOP_JOBS = ["reconcile", "remap"] as const;
export type ShopJob = (typeof SHOP_JOBS)[number];

export type Operation = UserOperation | ShopJob;

/** User operations after which the whole person is written again (new, repaired, or a new mapping). */
export const FULL_DELIVERY_OPERATIONS: ReadonlySet<string> = new Set<UserOperation>(["create", "repair", "reconcile", "remap"]);

/** What a delivery did (ProvisioningEvent.action), for the sync log. */
export const DELIVERY_ACTIONS = [
  "created",
  "linked",
  "updated",
  "marked",
  "unmarked",
  "deleted",
  "unlinked",
  "erasure_requested",
  "recreated",
  "no_match",
  "skipped",
  "reported",
  "tagged",
  "reconciled",
  "remapped",
] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

/** A key's events are delivered in order and together: "User:<scim id>", "Shop:<shop id>". */
export function jobKey(resourceType: ResourceType, resourceId: string): string {
  return `${resourceType}:${resourceId}`;
}

export function userKey(userId: string): string {
  return jobKey("User", userId);
}

export function shopKey(shopId: string): string {
  return jobKey("Shop", shopId);
}
