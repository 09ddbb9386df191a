import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleGraphqlRequest, type AdminApiDeps } from "./admin-api";
import { DEFAULT_FUNCTION_SPECS, functionRecord, type FunctionSpec, type TwinApp } from "./app";
import { isoSeconds, systemClock, type Clock } from "./clock";
import { handleControlRequest, type ControlDeps } from "./control-api";
import { faultResponse, FaultInjector, type FaultDecision, type FaultInput, type FaultRoute } from "./faults";
import { DocumentCache } from "./graphql/document-cache";
import { GraphqlExecutor } from "./graphql/execute";
import { adminSchema, API_VERSION } from "./graphql/schema";
import { Throttle } from "./graphql/throttle";
import { headerValue, HttpError, isLoopback, parseFormOrJson, readBody, sendJson, sendText } from "./http";
import { handleAccessTokenRequest, type OAuthDeps } from "./oauth";
import { RequestLog, type RequestLogEntry } from "./request-log";
import { resolvers } from "./resolvers";
import { TwinState, type Plan } from "./state";
import { loadStateFile, StateFileWriter } from "./state-file";
import { TokenService } from "./tokens";

// The Shopify Admin API twin: a real HTTP server on loopback that answers the OAuth token
// endpoint and the 2026-10 Admin GraphQL API like a Shopify store, plus its /__twin control API.

export interface TwinOptions {
  /** The app's client id; session tokens must carry it as `aud`. */
  apiKey: string;
  /** The app's client secret; signs session tokens and authenticates OAuth calls. */
  apiSecret: string;
  /** The app's required scopes (granted at install), comma separated. Default "read_customers,write_customers". */
  scopes?: string;
  /** The app's `optional_scopes`, comma separated: requested at runtime, granted per shop. Default none. */
  optionalScopes?: string;
  /** Shopify Functions the app has deployed. Default: the deactivated-checkout-block validation function. */
  functions?: FunctionSpec[];
  /** The app's name (App.title). Default "SCIM provisioning". */
  appTitle?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Persist state here (debounced JSON writes) and load it at start. */
  stateFile?: string;
  faults?: FaultInput;
  /** Plan of shops created by token exchange. Default "standard". */
  defaultPlan?: Plan;
  /** Inject a ManualClock in tests to move time instead of sleeping. */
  clock?: Clock;
}

export interface Twin {
  url: string;
  port: number;
  apiVersion: string;
  clock: Clock;
  close(): Promise<void>;
}

const DEFAULT_SCOPES = "read_customers,write_customers";
const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;
const OAUTH_PATH = "/admin/oauth/access_token";
/** The App Bridge stand-in (app-bridge.js) the demo's and tests' pages load instead of Shopify's CDN script. */
export const APP_BRIDGE_PATH = "/app-bridge.js";
const appBridgeScript = readFileSync(new URL("./app-bridge.js", import.meta.url), "utf8");

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startTwin(options: TwinOptions): Promise<Twin> {
  const clock = options.clock ?? systemClock;
  const splitScopes = (list: string) => list.split(",").map((scope) => scope.trim()).filter(Boolean);
  const scopes = splitScopes(options.scopes ?? DEFAULT_SCOPES);
  const initialFunctions = options.functions ?? DEFAULT_FUNCTION_SPECS;
  const app: TwinApp = {
    apiKey: options.apiKey,
    title: options.appTitle ?? "SCIM provisioning",
    requiredScopes: scopes,
    optionalScopes: splitScopes(options.optionalScopes ?? ""),
    functions: initialFunctions.map((spec) => functionRecord(options.apiKey, spec)),
  };
  const defaultPlan = options.defaultPlan ?? "standard";
  const schema = adminSchema();

  let writer: StateFileWriter | null = null;
  const state = new TwinState(options.stateFile ? loadStateFile(options.stateFile) : null, () => writer?.schedule());
  if (options.stateFile) writer = new StateFileWriter(options.stateFile, () => state.toData());

  const tokens = new TokenService(state, clock);
  const throttle = new Throttle(clock);
  const faults = new FaultInjector(clock, options.faults ?? {});
  const log = new RequestLog();
  const adminApi: AdminApiDeps = {
    schema: schema.schema,
    state,
    tokens,
    throttle,
    documents: new DocumentCache(schema.schema),
    executor: new GraphqlExecutor(schema, resolvers),
    clock,
    app,
  };
  const oauth: OAuthDeps = { apiKey: options.apiKey, apiSecret: options.apiSecret, app, defaultPlan, state, tokens, clock };
  const control: ControlDeps = {
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    scopes,
    defaultPlan,
    initialFaults: options.faults ?? {},
    app,
    initialFunctions,
    state,
    tokens,
    throttle,
    faults,
    log,
    clock,
    startedAt: Date.now(),
  };

  const heldRequests = new Set<NodeJS.Timeout>();

  /** Applies an injected fault; returns true when the request has been dealt with. */
  async function injectFault(decision: FaultDecision, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<boolean> {
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    if (decision.kind === "drop") {
      req.socket.destroy();
      return true;
    }
    if (decision.kind === "timeout") {
      const timer = setTimeout(() => {
        heldRequests.delete(timer);
        req.socket.destroy();
      }, decision.holdMs);
      heldRequests.add(timer);
      return true;
    }
    if (decision.kind === "error") {
      const { contentType, body } = faultResponse(decision.status, requestId);
      sendText(res, decision.status, contentType, body, { "X-Request-Id": requestId });
      return true;
    }
    return false;
  }

  async function handleShopifyRoute(route: FaultRoute, req: IncomingMessage, res: ServerResponse, url: URL, entry: RequestLogEntry): Promise<void> {
    const requestId = randomUUID();
    const decision = faults.decide(route);
    if (await injectFault(decision, req, res, requestId)) {
      entry.fault = decision.kind === "error" ? `http_${decision.status}` : decision.kind;
      entry.status = decision.kind === "error" ? decision.status : null;
      return;
    }
    const bodyText = await readBody(req);
    const headerShop = headerValue(req, "x-shopify-twin-shop");
    if (route === "oauth") {
      const params = parseFormOrJson(headerValue(req, "content-type"), bodyText);
      if (!params) throw new HttpError(400, { error: "invalid_request", error_description: "Body must be JSON or form encoded" });
      const result = handleAccessTokenRequest(oauth, params, headerShop);
      entry.shop = result.shop;
      entry.status = 200;
      sendJson(res, 200, result.body, { "X-Request-Id": requestId });
      return;
    }
    const outcome = await handleGraphqlRequest(adminApi, {
      version: GRAPHQL_PATH.exec(url.pathname)![1]!,
      accessToken: headerValue(req, "x-shopify-access-token"),
      headerShop,
      contentType: headerValue(req, "content-type"),
      bodyText,
      throttleStorm: decision.kind === "none" && decision.throttleStorm,
    });
    Object.assign(entry, {
      shop: outcome.shop,
      operationName: outcome.operationName,
      rootFields: outcome.rootFields,
      status: outcome.status,
      requestedCost: outcome.requestedCost,
      actualCost: outcome.actualCost,
      throttled: outcome.throttled,
    });
    sendJson(res, outcome.status, outcome.body, { ...outcome.headers, "X-Request-Id": requestId });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? "/", "http://twin.invalid");
    const method = req.method ?? "GET";
    const entry: RequestLogEntry = {
      at: isoSeconds(clock.now()),
      method,
      path: url.pathname,
      shop: null,
      operationName: null,
      rootFields: [],
      status: null,
      requestedCost: null,
      actualCost: null,
      throttled: false,
      fault: null,
      durationMs: 0,
    };
    const isControl = url.pathname.startsWith("/__twin/");
    // The log shows Shopify-facing traffic only: not the control API, not the App Bridge stand-in.
    const logged = !isControl && url.pathname !== APP_BRIDGE_PATH;
    try {
      if (isControl) {
        if (!isLoopback(req)) throw new HttpError(403, { error: "the control API only answers loopback clients" });
        const response = handleControlRequest(control, method, url, await readBody(req));
        // Readable from the app's pages on another loopback port (the App Bridge stand-in).
        sendJson(res, response.status, response.body, { "Access-Control-Allow-Origin": "*" });
      } else if (method === "POST" && GRAPHQL_PATH.test(url.pathname)) {
        await handleShopifyRoute("graphql", req, res, url, entry);
      } else if (method === "POST" && url.pathname === OAUTH_PATH) {
        await handleShopifyRoute("oauth", req, res, url, entry);
      } else if (method === "GET" && url.pathname === APP_BRIDGE_PATH) {
        sendText(res, 200, "application/javascript; charset=utf-8", appBridgeScript, { "Cache-Control": "no-store" });
      } else {
        throw new HttpError(404, { errors: "Not Found" });
      }
    } catch (error) {
      if (error instanceof HttpError) {
        entry.status = error.status;
        sendJson(res, error.status, error.body, error.headers);
      } else {
        console.error("[shopify-twin] internal error", error);
        entry.status = 500;
        if (!res.headersSent) sendJson(res, 500, { errors: "shopify twin internal error (see twin logs)" });
      }
    } finally {
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
      if (logged) log.add(entry);
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiVersion: API_VERSION,
    clock,
    close: async () => {
      for (const timer of heldRequests) clearTimeout(timer);
      heldRequests.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      writer?.flush();
    },
  };
}
