// What a shop decides about its people's customers (Shop.deactivationPolicy, deletePolicy,
// deletedCustomerPolicy), as unions the engine, the settings page and its validation share.
// Client-safe: the Settings page's options are typed by them (app/admin/settings-options.ts).

/** SCIM active=false. */
export const DEACTIVATION_POLICIES = ["mark", "mark_and_unsubscribe", "delete_if_possible"] as const;
export type DeactivationPolicy = (typeof DEACTIVATION_POLICIES)[number];

/** SCIM DELETE. */
export const DELETE_POLICIES = ["unlink", "mark", "delete_if_possible", "request_erasure"] as const;
export type DeletePolicy = (typeof DELETE_POLICIES)[number];

/** A linked customer deleted in Shopify. */
export const DELETED_CUSTOMER_POLICIES = ["recreate", "report"] as const;
export type DeletedCustomerPolicy = (typeof DELETED_CUSTOMER_POLICIES)[number];
