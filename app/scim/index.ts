// The SCIM protocol layer (RFC 7643/7644): plain TypeScript, no storage, no
// framework. app/directory and the /scim/v2 routes call these.

export { ERROR_SCHEMA, ScimError, errorBody, isScimError, toScimError, type ScimErrorBody, type ScimErrorOptions, type ScimType } from "./errors";
export { LIMITS } from "./limits";
export {
  SCIM_BASE_PATH,
  SCIM_ENDPOINTS,
  allowedMethods,
  checkQuery,
  pathBelowBase,
  resolveEndpoint,
  type ResolvedEndpoint,
  type ScimEndpointDefinition,
  type ScimEndpointMethod,
  type ScimEndpointName,
  type ScimMethod,
} from "./endpoints";
export { parseJsonBody } from "./json";

export { USER_SCHEMA, USER_SCHEMA_ID } from "./schemas/user";
export { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID } from "./schemas/enterprise-user";
export { ENTRA_GROUP_SCHEMA_ID, GROUP_SCHEMA, GROUP_SCHEMA_ID } from "./schemas/group";
export { SHOPIFY_USER_SCHEMA, SHOPIFY_USER_SCHEMA_ID, SYNC_STATES, type SyncState } from "./schemas/shopify-user";
export {
  GROUP_RESOURCE_TYPE,
  RESOURCE_TYPES,
  USER_RESOURCE_TYPE,
  canonicalPath,
  resolveAttribute,
  type AttributeRef,
} from "./schemas/resource-types";
export type { AttributeDefinition, JsonObject, JsonValue, ResourceTypeDefinition, SchemaDefinition } from "./schemas/types";

export {
  getResourceTypeDocument,
  getSchemaDocument,
  resourceTypesListResponse,
  schemasListResponse,
  serviceProviderConfig,
  type ServiceProviderConfigOptions,
} from "./discovery";

export { parsePath, type PathTarget } from "./paths";
export {
  evaluateFilter,
  filterMentions,
  indexableEquality,
  parseFilter,
  type Filter,
  type IndexableEquality,
  type IndexableTerm,
} from "./filter";
export {
  parseGroupInput,
  parseResourceInput,
  parseUserInput,
  primaryValue,
  projectAttributes,
  type InputMode,
  type ParsedResource,
  type ProjectionOptions,
} from "./resource";
export {
  PATCH_OP_SCHEMA,
  applyPatch,
  parsePatchRequest,
  patchResource,
  type PatchOperation,
  type PatchRequest,
  type PatchResult,
} from "./patch";
export {
  LIST_RESPONSE_SCHEMA,
  buildListResponse,
  compareForSort,
  parseListQuery,
  parseSearchRequest,
  type ListOptions,
  type ListQuery,
  type ListResponse,
} from "./list";
export {
  BULK_REQUEST_SCHEMA,
  BULK_RESPONSE_SCHEMA,
  parseBulkRequest,
  runBulk,
  type BulkExecution,
  type BulkLimits,
  type BulkOutcome,
  type BulkRequest,
  type BulkResponse,
} from "./bulk";
export { checkPreconditions, formatVersion, ifMatchPasses, ifNoneMatchMatches, parseEntityTags } from "./etag";
