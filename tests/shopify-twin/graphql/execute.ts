import {
  execute,
  GraphQLError,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import type { TwinApp } from "../app";
import type { Clock } from "../clock";
import type { AccessTokenRecord, ShopState, TwinState } from "../state";
import type { PreparedDocument } from "./document-cache";
import { isSatisfied, type AdminSchema } from "./schema";

// graphql-js executes against the client schema with one field resolver that (1) enforces the
// access scopes the schema file declares, (2) dispatches to the twin's resolver map, (3) reads
// plain payload objects by property, and (4) refuses everything else loudly: a field the twin
// does not model is an error, never a made-up null.

export interface SearchWarning {
  path: ReadonlyArray<string | number>;
  query: string;
  warnings: Array<{ field: string; message: string }>;
}

export interface ResolverContext {
  state: TwinState;
  shop: ShopState;
  clock: Clock;
  token: AccessTokenRecord;
  granted: Set<string>;
  /** The app the twin serves (scopes it declares, functions it deployed). */
  app: TwinApp;
  /** Where `$app` points for the calling app: "app--<app id>". */
  appNamespace: string;
  /** The shop has B2B (Shop.entitlements.b2b.enabled): B2B fields answer ACCESS_DENIED otherwise. */
  b2b: boolean;
  searchWarnings: SearchWarning[];
}

export type Args = Record<string, unknown>;
export type FieldResolver<TSource> = (source: TSource, args: Args, context: ResolverContext, info: GraphQLResolveInfo) => unknown;
type ErasedResolvers = Record<string, FieldResolver<never>>;
export type ResolverMap = Record<string, ErasedResolvers>;

/** Declares the resolvers of one GraphQL object type whose source values are TSource. */
export function typeResolvers<TSource>(resolvers: Record<string, FieldResolver<TSource>>): ErasedResolvers {
  return resolvers as ErasedResolvers;
}

const entityTypes = new WeakMap<object, string>();

/** Marks a value returned where the schema expects an interface or union (Node, HasMetafields). */
export function asEntity<T extends object>(typename: string, value: T): T {
  entityTypes.set(value, typename);
  return value;
}

export function accessDenied(fieldName: string, requiredAccess: string): GraphQLError {
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}

export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`not implemented by the Shopify twin: ${what}`, { extensions: { code: "NOT_IMPLEMENTED_BY_TWIN" } });
}

export class GraphqlExecutor {
  private readonly fieldResolver: GraphQLFieldResolver<unknown, ResolverContext>;
  private readonly typeResolver: GraphQLTypeResolver<unknown, ResolverContext>;

  constructor(
    private readonly adminSchema: AdminSchema,
    resolvers: ResolverMap,
  ) {
    this.fieldResolver = (source, args, context, info) => {
      const parentType = info.parentType.name;
      for (const rule of this.adminSchema.rulesFor(parentType, info.fieldName)) {
        if (!isSatisfied(rule, context)) throw accessDenied(info.fieldName, rule.requiredAccess);
      }
      const typeMap = resolvers[parentType];
      if (typeMap) {
        const resolver = typeMap[info.fieldName] as FieldResolver<unknown> | undefined;
        if (!resolver) throw notImplemented(`${parentType}.${info.fieldName}`);
        return resolver(source, args, context, info);
      }
      if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
        return (source as Record<string, unknown>)[info.fieldName];
      }
      throw notImplemented(`${parentType}.${info.fieldName}`);
    };
    this.typeResolver = (value, context, info) => {
      if (value !== null && typeof value === "object") {
        const typename = entityTypes.get(value) ?? (value as { __typename?: unknown }).__typename;
        if (typeof typename === "string") {
          // A value reached through an interface (node, a metafield's owner) needs its own type's access.
          const rule = this.adminSchema.typeRule(typename);
          if (rule && !isSatisfied(rule, context)) throw accessDenied(info.fieldName, rule.requiredAccess);
          return typename;
        }
      }
      return undefined;
    };
  }

  async run(
    prepared: Extract<PreparedDocument, { valid: true }>,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: ResolverContext,
  ): Promise<ExecutionResult> {
    const result = await execute({
      schema: this.adminSchema.schema,
      document: prepared.document,
      operationName: operation.name?.value,
      variableValues: variables,
      contextValue: context,
      fieldResolver: this.fieldResolver,
      typeResolver: this.typeResolver,
    });
    // A resolver that throws anything but a GraphQLError is a twin bug: say so loudly.
    for (const error of result.errors ?? []) {
      if (error.originalError && !(error.originalError instanceof GraphQLError)) console.error("[shopify-twin] resolver bug", error.originalError);
    }
    return result;
  }
}
