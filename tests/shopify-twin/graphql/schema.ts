import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import {
  buildClientSchema,
  getNamedType,
  isObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

// The vendored 2026-10 introspection result (see schema/admin_2026-10.provenance.json) is the
// single source of truth for types, and its `offline_scopes` section for access scopes.

export const API_VERSION = "2026-10";
const SCHEMA_FILE = fileURLToPath(new URL("../schema/admin_2026-10.json.gz", import.meta.url));

interface OfflineScopeItem {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  requiredAccess: string;
  offlineScopes: string[];
}

interface VendoredSchemaFile {
  data: IntrospectionQuery;
  offline_scopes: { items: OfflineScopeItem[] };
}

/** One access requirement: at least one of `anyOf` (when non-empty) and all of `allOf`. */
export interface ScopeRule {
  anyOf: string[];
  allOf: string[];
  /** Shopify's own wording, used verbatim in ACCESS_DENIED errors. */
  requiredAccess: string;
  /** "Also: The shop must have access to B2B." (Shop.entitlements.b2b.enabled). */
  requiresB2B: boolean;
}

/** What a request may do: the scopes it holds and whether its shop has B2B. */
export interface Access {
  granted: Set<string>;
  b2b: boolean;
}

function backticked(text: string): string[] {
  return [...text.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!);
}

// "`write_customers` access scope. Also: Requires `write_customer_payment_methods` scope."
// lists alternatives before "Also:" and additional requirements after it.
function ruleFrom(item: OfflineScopeItem): ScopeRule | null {
  if (item.offlineScopes.length === 0) return null;
  const [main = "", also = ""] = item.requiredAccess.split("Also:");
  const allOf = backticked(also).filter((scope) => item.offlineScopes.includes(scope));
  const named = backticked(main).filter((scope) => item.offlineScopes.includes(scope));
  const anyOf = (named.length > 0 ? named : item.offlineScopes).filter((scope) => !allOf.includes(scope));
  return { anyOf, allOf, requiredAccess: item.requiredAccess, requiresB2B: /shop must have access to B2B/.test(also) };
}

export class AdminSchema {
  private readonly fieldRules = new Map<string, ScopeRule>();
  private readonly typeRules = new Map<string, ScopeRule>();
  private readonly effectiveRules = new Map<string, ScopeRule[]>();

  constructor(
    readonly schema: GraphQLSchema,
    scopeItems: OfflineScopeItem[],
  ) {
    for (const item of scopeItems) {
      const rule = ruleFrom(item);
      if (!rule) continue;
      if (item.type === "field" && item.fieldName) this.fieldRules.set(`${item.typeName}.${item.fieldName}`, rule);
      if (item.type === "type") this.typeRules.set(item.typeName, rule);
    }
  }

  /**
   * Rules to satisfy before resolving parentType.fieldName: the field's own rule plus the rule of
   * the object type it returns (for connections and edges, of their node type).
   */
  rulesFor(parentType: string, fieldName: string): ScopeRule[] {
    const key = `${parentType}.${fieldName}`;
    const cached = this.effectiveRules.get(key);
    if (cached) return cached;
    const rules: ScopeRule[] = [];
    const fieldRule = this.fieldRules.get(key);
    if (fieldRule) rules.push(fieldRule);
    const parent = this.schema.getType(parentType);
    const field = isObjectType(parent) ? parent.getFields()[fieldName] : undefined;
    if (field) {
      const typeRule = this.typeRules.get(this.guardedTypeName(getNamedType(field.type).name));
      if (typeRule && typeRule !== fieldRule) rules.push(typeRule);
    }
    this.effectiveRules.set(key, rules);
    return rules;
  }

  /** The rule of an object type itself, for values reached through an interface (node, owner). */
  typeRule(typeName: string): ScopeRule | undefined {
    return this.typeRules.get(typeName);
  }

  private guardedTypeName(typeName: string): string {
    const type = this.schema.getType(typeName);
    if (isObjectType(type) && /(Connection|Edge)$/.test(typeName)) {
      const nodeField = type.getFields().node ?? type.getFields().nodes;
      if (nodeField) return getNamedType(nodeField.type).name;
    }
    return typeName;
  }
}

let loaded: AdminSchema | undefined;

/** Parsed once per process (~0.4 s); every twin instance shares it. */
export function adminSchema(): AdminSchema {
  if (!loaded) {
    const file = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as VendoredSchemaFile;
    loaded = new AdminSchema(buildClientSchema(file.data), file.offline_scopes.items);
  }
  return loaded;
}

/** Write access implies read access, as Shopify grants it. */
export function expandGrantedScopes(scopes: Iterable<string>): Set<string> {
  const granted = new Set<string>();
  for (const scope of scopes) {
    granted.add(scope);
    if (scope.startsWith("write_")) granted.add(`read_${scope.slice("write_".length)}`);
  }
  return granted;
}

export function isSatisfied(rule: ScopeRule, access: Access): boolean {
  const { granted } = access;
  if (rule.requiresB2B && !access.b2b) return false;
  return (rule.anyOf.length === 0 || rule.anyOf.some((scope) => granted.has(scope))) && rule.allOf.every((scope) => granted.has(scope));
}
