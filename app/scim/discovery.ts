// RFC 7644 §4 and RFC 7643 §5–§7: the discovery documents —
// /ServiceProviderConfig, /ResourceTypes, /Schemas.

import { ScimError } from "./errors";
import { buildListResponse, type ListResponse } from "./list";
import { RESOURCE_TYPES } from "./schemas/resource-types";
import type { AttributeDefinition, JsonObject, ResourceTypeDefinition, SchemaDefinition } from "./schemas/types";

export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** Every schema of every resource type we serve, each once, in a stable order. */
export function servedSchemas(resourceTypes: readonly ResourceTypeDefinition[] = RESOURCE_TYPES): SchemaDefinition[] {
  const out: SchemaDefinition[] = [];
  for (const rt of resourceTypes) {
    for (const schema of [rt.schema, ...rt.extensions.map((e) => e.schema)]) {
      if (!out.some((s) => s.id === schema.id)) out.push(schema);
    }
  }
  return out;
}

/**
 * RFC 7643 §7 attribute representation. No nulls and camelCase values
 * (Entra's discovery requirement, research §2.2); internal-only
 * characteristics are not served.
 */
function serializeAttribute(def: AttributeDefinition): JsonObject {
  const out: JsonObject = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
  };
  if (def.canonicalValues) out["canonicalValues"] = [...def.canonicalValues];
  if (def.type === "reference") out["referenceTypes"] = [...(def.referenceTypes ?? ["external"])];
  if (def.type === "complex") {
    out["subAttributes"] = (def.subAttributes ?? []).filter((s) => s.discoverable !== false).map(serializeAttribute);
  }
  return out;
}

export function schemaDocument(schema: SchemaDefinition, baseUrl: string): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.filter((a) => a.discoverable !== false).map(serializeAttribute),
    meta: { resourceType: "Schema", location: `${trimSlash(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** GET /Schemas (checklist 5). */
export function schemasListResponse(baseUrl: string): ListResponse {
  const docs = servedSchemas().map((s) => schemaDocument(s, baseUrl));
  return buildListResponse({ resources: docs, totalResults: docs.length, startIndex: 1 });
}

/** GET /Schemas/{urn}; the URN matches case-insensitively. Unknown → 404. */
export function getSchemaDocument(urn: string, baseUrl: string): JsonObject {
  const schema = servedSchemas().find((s) => s.id.toLowerCase() === urn.toLowerCase());
  if (!schema) throw new ScimError(404, undefined, `Schema "${urn}" not found`);
  return schemaDocument(schema, baseUrl);
}

export function resourceTypeDocument(rt: ResourceTypeDefinition, baseUrl: string): JsonObject {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: rt.id,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema.id,
    schemaExtensions: rt.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: "ResourceType", location: `${trimSlash(baseUrl)}/ResourceTypes/${rt.id}` },
  };
}

/** GET /ResourceTypes (checklist 6). */
export function resourceTypesListResponse(baseUrl: string): ListResponse {
  const docs = RESOURCE_TYPES.map((rt) => resourceTypeDocument(rt, baseUrl));
  return buildListResponse({ resources: docs, totalResults: docs.length, startIndex: 1 });
}

/** GET /ResourceTypes/{id}; case-insensitive. Unknown → 404. */
export function getResourceTypeDocument(id: string, baseUrl: string): JsonObject {
  const rt = RESOURCE_TYPES.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!rt) throw new ScimError(404, undefined, `Resource type "${id}" not found`);
  return resourceTypeDocument(rt, baseUrl);
}

export interface ServiceProviderConfigOptions {
  /** The SCIM base URL of this tenant, e.g. https://app.example/scim/v2/<connection>. */
  readonly baseUrl: string;
  readonly documentationUri?: string;
  readonly bulk: { readonly supported: boolean; readonly maxOperations: number; readonly maxPayloadSize: number };
  /** filter.maxResults: the largest page we return (≥100 for Okta's count=100, checklist 4). */
  readonly filterMaxResults: number;
  readonly sort?: boolean;
  readonly etag?: boolean;
}

/** GET /ServiceProviderConfig (RFC 7643 §5, checklist 4). */
export function serviceProviderConfig(options: ServiceProviderConfigOptions): JsonObject {
  const base = trimSlash(options.baseUrl);
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(options.documentationUri ? { documentationUri: options.documentationUri } : {}),
    patch: { supported: true },
    bulk: {
      supported: options.bulk.supported,
      maxOperations: Math.trunc(options.bulk.maxOperations),
      maxPayloadSize: Math.trunc(options.bulk.maxPayloadSize),
    },
    filter: { supported: true, maxResults: Math.trunc(options.filterMaxResults) },
    changePassword: { supported: false },
    sort: { supported: options.sort ?? true },
    etag: { supported: options.etag ?? true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with a bearer token issued for this SCIM connection (RFC 6750).",
        specUri: "https://www.rfc-editor.org/rfc/rfc6750",
        primary: true,
      },
    ],
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${base}/ServiceProviderConfig`,
    },
  };
}
