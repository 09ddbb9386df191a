import { getVariableValues, Kind, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { grantedScopes, type TwinApp } from "./app";
import type { Clock } from "./clock";
import { actualQueryCost, MAX_QUERY_COST, requestedQueryCost } from "./graphql/cost";
import type { DocumentCache } from "./graphql/document-cache";
import type { GraphqlExecutor, ResolverContext } from "./graphql/execute";
import type { GraphqlErrorBody } from "./graphql/error-body";
import { API_VERSION, expandGrantedScopes } from "./graphql/schema";
import type { Throttle, ThrottleStatus } from "./graphql/throttle";
import { rubyVariableErrors } from "./graphql/variables";
import { appNamespaceFor } from "./resolvers/metafields";
import { b2bEnabled, restoreRateOf } from "./shops";
import type { TwinState } from "./state";
import type { TokenService } from "./tokens";

// POST /admin/api/{version}/graphql.json: authenticate, parse + validate (cached), check
// variables, price the query, take points from the leaky bucket, execute, refund.

export interface AdminApiDeps {
  schema: GraphQLSchema;
  state: TwinState;
  tokens: TokenService;
  throttle: Throttle;
  documents: DocumentCache;
  executor: GraphqlExecutor;
  clock: Clock;
  app: TwinApp;
}

export interface GraphqlRequest {
  version: string;
  accessToken: string | undefined;
  headerShop: string | undefined;
  contentType: string | undefined;
  bodyText: string;
  /** Fault injection: answer THROTTLED whatever the bucket says. */
  throttleStorm: boolean;
}

export interface GraphqlOutcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  shop: string | null;
  operationName: string | null;
  rootFields: string[];
  requestedCost: number | null;
  actualCost: number | null;
  throttled: boolean;
}

const INVALID_TOKEN = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const MISSING_QUERY = { errors: { query: "Required parameter missing or invalid" } };
const VERSION_HEADER = { "X-Shopify-API-Version": API_VERSION };

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

function parseGraphqlBody(contentType: string | undefined, text: string): GraphqlBody | null {
  if (contentType?.includes("application/graphql")) return { query: text, variables: {}, operationName: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object") return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") return null;
  let variableValues: unknown = variables ?? {};
  if (typeof variableValues === "string") {
    try {
      variableValues = JSON.parse(variableValues);
    } catch {
      return null;
    }
  }
  if (variableValues === null || typeof variableValues !== "object" || Array.isArray(variableValues)) return null;
  return { query, variables: variableValues as Record<string, unknown>, operationName: typeof operationName === "string" ? operationName : null };
}

function throttledBody(requestedQueryCost: number, throttleStatus: ThrottleStatus) {
  return {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } },
  };
}

function maxCostBody(requestedQueryCost: number, throttleStatus: ThrottleStatus) {
  const message =
    `Query cost is ${requestedQueryCost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
    "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
    "cost of a query is calculated.\n\n" +
    "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
    "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n";
  return {
    errors: [
      {
        message,
        extensions: { code: "MAX_COST_EXCEEDED", cost: requestedQueryCost, maxCost: MAX_QUERY_COST, documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } },
  };
}

function selectOperation(operations: OperationDefinitionNode[], operationName: string | null): OperationDefinitionNode | GraphqlErrorBody {
  if (operationName !== null) {
    return operations.find((operation) => operation.name?.value === operationName) ?? { message: `No operation named "${operationName}"` };
  }
  if (operations.length === 1) return operations[0]!;
  return { message: "An operation name is required" };
}

export async function handleGraphqlRequest(deps: AdminApiDeps, request: GraphqlRequest): Promise<GraphqlOutcome> {
  const outcome: GraphqlOutcome = {
    status: 200,
    body: null,
    headers: VERSION_HEADER,
    shop: null,
    operationName: null,
    rootFields: [],
    requestedCost: null,
    actualCost: null,
    throttled: false,
  };
  const reply = (status: number, body: unknown): GraphqlOutcome => Object.assign(outcome, { status, body });

  // Only the vendored version is served; Shopify's handling of versions it does not know is a 404.
  if (request.version !== API_VERSION) return reply(404, { errors: "Not Found" });
  const token = request.accessToken ? deps.tokens.authenticate(request.accessToken) : null;
  const shop = token ? deps.state.shops.get(token.shop) : undefined;
  if (!token || !shop) return reply(401, INVALID_TOKEN);
  outcome.shop = shop.domain;
  if (request.headerShop !== undefined && request.headerShop !== shop.domain) {
    return reply(400, { errors: `X-Shopify-Twin-Shop (${request.headerShop}) does not match the access token's shop (${shop.domain})` });
  }

  const body = parseGraphqlBody(request.contentType, request.bodyText);
  if (!body) return reply(400, MISSING_QUERY);
  const prepared = deps.documents.get(body.query);
  if (!prepared.valid) return reply(200, { errors: prepared.errors });
  const operation = selectOperation(prepared.operations, body.operationName);
  if (!("kind" in operation)) return reply(200, { errors: [operation] });
  outcome.operationName = operation.name?.value ?? null;
  outcome.rootFields = operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));

  const schema = deps.schema;
  const variableErrors = rubyVariableErrors(schema, operation, body.variables);
  if (variableErrors.length > 0) return reply(200, { errors: variableErrors });
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables);
  if (coerced.errors) return reply(200, { errors: coerced.errors.map((error) => error.toJSON()) });
  const costInput = { schema, operation, fragments: prepared.fragments, variables: coerced.coerced };

  const requestedCost = requestedQueryCost(costInput);
  outcome.requestedCost = requestedCost;
  const restoreRate = restoreRateOf(shop.record);
  if (requestedCost > MAX_QUERY_COST) return reply(200, maxCostBody(requestedCost, deps.throttle.status(shop.domain, token.appKey, restoreRate)));
  if (request.throttleStorm) {
    outcome.throttled = true;
    const status = deps.throttle.status(shop.domain, token.appKey, restoreRate);
    return reply(200, throttledBody(requestedCost, { ...status, currentlyAvailable: 0 }));
  }
  const charge = deps.throttle.charge(shop.domain, token.appKey, restoreRate, requestedCost);
  if (!charge) {
    outcome.throttled = true;
    return reply(200, throttledBody(requestedCost, deps.throttle.status(shop.domain, token.appKey, restoreRate)));
  }

  const context: ResolverContext = {
    state: deps.state,
    shop,
    clock: deps.clock,
    token,
    app: deps.app,
    // Scopes belong to the installation: the app's tokens act with what the shop granted now (the
    // required scopes may have grown since the token was issued); other apps' tokens with their own.
    granted: expandGrantedScopes(token.appKey === deps.app.apiKey ? grantedScopes(deps.app, shop) : token.scopes),
    appNamespace: appNamespaceFor(token.appKey),
    b2b: b2bEnabled(shop.record),
    searchWarnings: [],
  };
  const result = await deps.executor.run(prepared, operation, body.variables, context);
  const actualCost = actualQueryCost(costInput, result.data ?? null);
  outcome.actualCost = actualCost;
  const throttleStatus = charge.settle(actualCost);
  const extensions: Record<string, unknown> = { cost: { requestedQueryCost: requestedCost, actualQueryCost: actualCost, throttleStatus } };
  if (context.searchWarnings.length > 0) extensions.search = context.searchWarnings;
  const responseBody: Record<string, unknown> = {};
  if (result.errors) responseBody.errors = result.errors.map((error) => error.toJSON());
  responseBody.data = result.data ?? null;
  responseBody.extensions = extensions;
  return reply(200, responseBody);
}
