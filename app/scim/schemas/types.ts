// RFC 7643 §2.2 and §7: attribute characteristics and schema definitions.

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "binary"
  | "complex";

export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly subAttributes?: readonly AttributeDefinition[];
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  /**
   * Not part of RFC 7643; never served. Longest accepted string (characters),
   * for string/reference/binary attributes. Defaults come from LIMITS.
   */
  readonly maxLength?: number;
  /**
   * Not part of RFC 7643; never served. False keeps an attribute we accept
   * (and discard) out of /Schemas — see `password` in user.ts.
   */
  readonly discoverable?: boolean;
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

export interface SchemaExtensionRef {
  readonly schema: SchemaDefinition;
  readonly required: boolean;
}

/**
 * RFC 7643 §6: a resource type — its core schema plus extensions. Everything
 * in app/scim that needs to know "which attributes exist" takes one of these.
 */
export interface ResourceTypeDefinition {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly description: string;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly SchemaExtensionRef[];
  /**
   * Schema URNs that clients put in `schemas` and we accept without knowing
   * them (Entra's ADSCIM Group URN, checklist 64). Attributes under them are
   * ignored.
   */
  readonly toleratedSchemas: readonly string[];
}

/** Defaults for the attribute characteristics (RFC 7643 §2.2). */
export function attr(
  name: string,
  type: AttributeType,
  options: Partial<Omit<AttributeDefinition, "name" | "type">> = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: "",
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
