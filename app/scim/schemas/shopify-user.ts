// Our own, read-only extension: the Shopify side of a person.
//
// The URN is outside the IETF namespace (urn:ietf:params:scim is registered by
// RFC 7643 §10 for the IETF's own schemas). "scim-for-shopify" is the app's
// package name, used as the URN namespace identifier; the rest mirrors the
// IETF layout so IdPs that pattern-match on ":schemas:extension:" treat it as
// an extension. See docs/decisions/0002-scim-filter-and-patch.md.
import { attr, type SchemaDefinition } from "./types";

export const SHOPIFY_USER_SCHEMA_ID = "urn:scim-for-shopify:params:scim:schemas:extension:shopify:2.0:User";

export const SYNC_STATES = ["pending", "synced", "failed", "unlinked"] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const readOnly = { mutability: "readOnly" as const };

export const SHOPIFY_USER_SCHEMA: SchemaDefinition = {
  id: SHOPIFY_USER_SCHEMA_ID,
  name: "ShopifyCustomer",
  description: "The Shopify customer this person is provisioned to. Maintained by the service provider; read-only.",
  attributes: [
    attr("customerId", "string", {
      ...readOnly,
      caseExact: true,
      description: "The Shopify Admin API id of the customer (gid://shopify/Customer/…).",
    }),
    attr("customerAdminUrl", "reference", {
      ...readOnly,
      caseExact: true,
      referenceTypes: ["external"],
      description: "Link to the customer in the Shopify admin.",
    }),
    attr("syncState", "string", {
      ...readOnly,
      caseExact: true,
      canonicalValues: SYNC_STATES,
      description: "Whether the latest SCIM change has reached Shopify.",
    }),
    attr("lastSyncedAt", "dateTime", { ...readOnly, description: "When the customer last matched this resource." }),
    attr("lastError", "string", { ...readOnly, description: "Why the last sync to Shopify failed, if it did." }),
  ],
};
