// The Admin API 2026-10 documents the provisioning engine sends. Every one is validated against
// Shopify's published schema in customer-documents.test.ts (the twin would reject it otherwise).
// Plain strings with #graphql tags; types beside them describe the answers we read.

/** The app-owned metafield namespace; "$app:scim" resolves to app--<app id>--scim. */
export const SCIM_NAMESPACE = "$app:scim";
/** Unique-values metafield holding the SCIM id: the customId customerByIdentifier finds. */
export const SCIM_ID_KEY = "scim_id";
/** Boolean the checkout function and theme embed read (extensions/deprovisioning-markers.json). */
export const ACTIVE_KEY = "active";

const CUSTOMER_FIELDS = `#graphql
  fragment ScimCustomer on Customer {
    id
    tags
    numberOfOrders
    defaultEmailAddress { emailAddress marketingState }
    scimId: metafield(namespace: "$app:scim", key: "scim_id") { value compareDigest }
    scimActive: metafield(namespace: "$app:scim", key: "active") { value }
  }
`;

export interface ScimCustomer {
  id: string;
  tags: string[];
  numberOfOrders: string;
  defaultEmailAddress: { emailAddress: string | null; marketingState: string | null } | null;
  scimId: { value: string; compareDigest: string } | null;
  scimActive: { value: string } | null;
}

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export const LOOKUP_BY_SCIM_ID = `#graphql
  query ScimLookupByScimId($customId: UniqueMetafieldValueInput!) {
    byScimId: customerByIdentifier(identifier: { customId: $customId }) { ...ScimCustomer }
  }
  ${CUSTOMER_FIELDS}
`;

export const LOOKUP_BY_SCIM_ID_AND_EMAIL = `#graphql
  query ScimLookupByScimIdAndEmail($customId: UniqueMetafieldValueInput!, $email: String!) {
    byScimId: customerByIdentifier(identifier: { customId: $customId }) { ...ScimCustomer }
    byEmail: customerByIdentifier(identifier: { emailAddress: $email }) { ...ScimCustomer }
  }
  ${CUSTOMER_FIELDS}
`;

export interface LookupResult {
  byScimId: ScimCustomer | null;
  byEmail?: ScimCustomer | null;
}

export const CUSTOMER_BY_ID = `#graphql
  query ScimCustomerById($id: ID!) {
    customer(id: $id) { ...ScimCustomer }
  }
  ${CUSTOMER_FIELDS}
`;

export const CUSTOMER_ADDRESSES = `#graphql
  query ScimCustomerAddresses($id: ID!) {
    customer(id: $id) {
      id
      defaultAddress { id }
      addresses(first: 50) {
        id address1 address2 city company country countryCode firstName lastName phone province provinceCode zip
      }
    }
  }
`;

export interface AddressRecord {
  id: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  company: string | null;
  country: string | null;
  countryCode: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
}

export interface AddressesResult {
  customer: { id: string; defaultAddress: { id: string } | null; addresses: AddressRecord[] } | null;
}

export const CUSTOMER_CREATE = `#graphql
  mutation ScimCustomerCreate($input: CustomerInput!) {
    customerCreate(input: $input) {
      customer { ...ScimCustomer }
      userErrors { field message }
    }
  }
  ${CUSTOMER_FIELDS}
`;

export const CUSTOMER_UPDATE = `#graphql
  mutation ScimCustomerUpdate($input: CustomerInput!) {
    customerUpdate(input: $input) {
      customer { ...ScimCustomer }
      userErrors { field message }
    }
  }
  ${CUSTOMER_FIELDS}
`;

export interface CustomerWriteResult {
  customer: ScimCustomer | null;
  userErrors: UserError[];
}

// Every tag change the engine makes (marks, attribute tags, group tags) is this one request:
// tagsRemove then tagsAdd (mutation root fields run in document order, so a case-only rename
// re-cases the tag), and @include drops the half with nothing to do — Shopify charges 10 points
// per mutation field it runs. tagsAdd/tagsRemove merge into the customer's tags; customerUpdate's
// `tags` would replace the merchant's own.
export const TAGS_CHANGE = `#graphql
  mutation ScimTagsChange($id: ID!, $add: [String!]!, $remove: [String!]!, $adding: Boolean!, $removing: Boolean!) {
    tagsRemove(id: $id, tags: $remove) @include(if: $removing) {
      node { id }
      userErrors { field message }
    }
    tagsAdd(id: $id, tags: $add) @include(if: $adding) {
      node { id }
      userErrors { field message }
    }
  }
`;

interface TagsPayload {
  node: { id: string } | null;
  userErrors: UserError[];
}

export interface TagsChangeResult {
  tagsRemove?: TagsPayload;
  tagsAdd?: TagsPayload;
}

/** The variables of TAGS_CHANGE for a customer. */
export function tagsChange(id: string, add: readonly string[], remove: readonly string[]) {
  return { id, add: [...add], remove: [...remove], adding: add.length > 0, removing: remove.length > 0 };
}

export const CUSTOMER_DELETE = `#graphql
  mutation ScimCustomerDelete($id: ID!) {
    customerDelete(input: { id: $id }) {
      deletedCustomerId
      userErrors { field message }
    }
  }
`;

export interface DeleteResult {
  deletedCustomerId: string | null;
  userErrors: UserError[];
}

export const CUSTOMER_REQUEST_ERASURE = `#graphql
  mutation ScimCustomerRequestErasure($id: ID!) {
    customerRequestDataErasure(customerId: $id) {
      customerId
      userErrors { field message code }
    }
  }
`;

export interface ErasureResult {
  customerId: string | null;
  userErrors: UserError[];
}

export const EMAIL_MARKETING_UNSUBSCRIBE = `#graphql
  mutation ScimEmailMarketingUnsubscribe($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) {
      customer { id }
      userErrors { field message code }
    }
  }
`;

export interface ConsentResult {
  customer: { id: string } | null;
  userErrors: UserError[];
}

export const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation ScimMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id }
      userErrors { field message code }
    }
  }
`;

export interface DefinitionResult {
  createdDefinition: { id: string } | null;
  userErrors: UserError[];
}

/** Compare-and-set of one metafield: claims a customer for a SCIM id atomically. */
export const METAFIELDS_SET = `#graphql
  mutation ScimMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id }
      userErrors { field message code }
    }
  }
`;

export interface MetafieldsSetResult {
  metafields: Array<{ id: string }> | null;
  userErrors: UserError[];
}

// The IdP removed a mapped attribute: its app metafield goes too (a value that no longer exists
// in the directory must not linger on the customer).
export const METAFIELDS_DELETE = `#graphql
  mutation ScimMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { key }
      userErrors { field message }
    }
  }
`;

export interface MetafieldsDeleteResult {
  deletedMetafields: Array<{ key: string } | null> | null;
  userErrors: UserError[];
}

export const PROVISIONED_CUSTOMERS = `#graphql
  query ScimProvisionedCustomers($first: Int!, $after: String, $query: String!) {
    customers(first: $first, after: $after, query: $query) {
      nodes { ...ScimCustomer }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${CUSTOMER_FIELDS}
`;

export interface ProvisionedCustomersResult {
  customers: { nodes: ScimCustomer[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The operation name of a document, for logs and the per-operation cost estimates. */
export function operationName(document: string): string {
  return /(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
}

export const ALL_DOCUMENTS = {
  LOOKUP_BY_SCIM_ID,
  LOOKUP_BY_SCIM_ID_AND_EMAIL,
  CUSTOMER_BY_ID,
  CUSTOMER_ADDRESSES,
  CUSTOMER_CREATE,
  CUSTOMER_UPDATE,
  TAGS_CHANGE,
  CUSTOMER_DELETE,
  CUSTOMER_REQUEST_ERASURE,
  EMAIL_MARKETING_UNSUBSCRIBE,
  METAFIELD_DEFINITION_CREATE,
  METAFIELDS_SET,
  METAFIELDS_DELETE,
  PROVISIONED_CUSTOMERS,
};
