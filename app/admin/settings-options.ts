// The provisioning settings' options as the Settings page explains them. Client-safe. The option
// values are the engine's policies (app/sync/policies.ts, by type); a test checks none is missing.
import type { DeactivationPolicy, DeletePolicy, DeletedCustomerPolicy } from "~/sync/policies";

export interface PolicyOption<P extends string = string> {
  value: P;
  label: string;
  helpText: string;
}

/** SCIM active=false (the IdP deactivated or unassigned the person). */
export const DEACTIVATION_OPTIONS: PolicyOption<DeactivationPolicy>[] = [
  {
    value: "mark",
    label: "Mark the customer as deactivated (recommended)",
    helpText:
      "Adds the tag scim:deactivated and sets the app's \"SCIM active\" field to false. Checkout and the theme block use it; reactivating the person removes the mark. Nothing is lost.",
  },
  {
    value: "mark_and_unsubscribe",
    label: "Mark and unsubscribe from email marketing",
    helpText: "Marks the customer as above and also unsubscribes them from email marketing. Reactivation removes the mark but does not subscribe them again.",
  },
  {
    value: "delete_if_possible",
    label: "Delete the customer when Shopify allows it",
    helpText:
      "Shopify deletes only customers without orders. Customers with orders are marked instead. A deleted customer is created again if the person is reactivated.",
  },
];

/** SCIM DELETE (Entra sends it 30 days after a soft delete; Okta never does). */
export const DELETE_OPTIONS: PolicyOption<DeletePolicy>[] = [
  {
    value: "mark",
    label: "Mark the customer as deactivated (recommended)",
    helpText: "Same mark as a deactivation; the customer and their orders stay. The person is removed from the app's directory.",
  },
  {
    value: "unlink",
    label: "Only unlink the customer",
    helpText: "Leaves the customer exactly as it is and forgets the link. Use this when the customer account should live on after the person leaves.",
  },
  {
    value: "delete_if_possible",
    label: "Delete the customer when Shopify allows it",
    helpText: "Deletes customers without orders; customers with orders are marked instead.",
  },
  {
    value: "request_erasure",
    label: "Mark and request erasure of the customer's personal data",
    helpText:
      "Marks the customer, then asks Shopify to erase their personal data (Shopify does it after its waiting period). Needs the app's data erasure permission (write_customer_data_erasure).",
  },
];

/** A linked customer was deleted by someone in Shopify. */
export const DELETED_CUSTOMER_OPTIONS: PolicyOption<DeletedCustomerPolicy>[] = [
  {
    value: "recreate",
    label: "Create the customer again on the person's next change",
    helpText: "The directory stays the source of truth: the next change from the identity provider (or a reconcile) re-creates the customer.",
  },
  {
    value: "report",
    label: "Only report it",
    helpText: "The person stays unlinked and the sync log shows why, until you change this setting and retry.",
  },
];

/** Shopify customer fields the attribute mapping can fill. */
export const MAPPED_FIELDS = [
  { name: "email", label: "Email", helpText: "Also how people are matched to existing customers. Required." },
  { name: "firstName", label: "First name", helpText: "" },
  { name: "lastName", label: "Last name", helpText: "" },
  { name: "phone", label: "Phone", helpText: "Normalised to E.164; an invalid number is skipped with a warning." },
  { name: "locale", label: "Language", helpText: "The customer's language (e.g. en, fr-CA)." },
  { name: "address", label: "Default address", helpText: "A SCIM address, e.g. addresses[primary] or addresses[type=work]." },
] as const;
export type MappedFieldName = (typeof MAPPED_FIELDS)[number]["name"];

export const MAX_METAFIELDS = 20;
export const MAX_TAG_RULES = 10;
/** Shopify tags are at most 255 characters; leave room for the value. */
export const MAX_TAG_PREFIX = 40;
export const MAX_GROUP_TAG_PREFIX = 40;
