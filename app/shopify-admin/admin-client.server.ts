// One shop's Admin GraphQL access for background work (the provisioning worker): the offline
// session through the app's single Shopify config (`unauthenticated.admin`), fetched under a
// per-shop single flight so concurrent deliveries never refresh an expiring token twice, and
// every answer classified into what the worker must do with it:
//   ok · retryable (5xx, timeout, dropped connection, THROTTLED, 429) · access lost (no session,
//   revoked or unrefreshable token, 401 twice) · permanent (invalid document, access denied…).
// Every answer's `extensions.cost` is handed to the caller's cost observer (the budget model).
import type { ThrottleStatus } from "~/sync/budget";
import { operationName } from "./customer-documents";

export interface CostInfo {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export type GraphqlFn = (
  query: string,
  options?: { variables?: Record<string, unknown>; signal?: AbortSignal },
) => Promise<Response>;

/** What `unauthenticated.admin(shop)` gives us, reduced to what we use. */
export interface OfflineAdmin {
  admin: { graphql: GraphqlFn };
  session: { expires?: Date | null; accessToken?: string };
}

export type LoadOfflineAdmin = (shop: string) => Promise<OfflineAdmin>;

export type FailureKind = "throttled" | "rate_limited" | "server" | "timeout" | "network" | "graphql" | "http";

/** A request that failed; `retryable` decides between backoff and a permanent failure. */
export class ShopifyRequestError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly cost?: CostInfo,
  ) {
    super(message);
    this.name = "ShopifyRequestError";
  }
}

/** The shop's offline access is gone: delivery parks until the merchant opens the app again. */
export class ShopAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShopAccessError";
  }
}

export const ACCESS_LOST_MESSAGE =
  "Shopify access for this store is missing or was revoked. Open the app from the Shopify admin (or reinstall it) to resume provisioning.";

export interface RequestOptions {
  timeoutMs: number;
  /** Called with every answer's cost, including THROTTLED ones. */
  onCost?: (cost: CostInfo, operation: string) => void;
}

interface CachedAdmin {
  admin: OfflineAdmin;
  /** Reuse until then (5 minutes before the token expires, at most 10 minutes). */
  reuseUntil: number;
}

const REFRESH_MARGIN_MS = 5 * 60_000;
const MAX_REUSE_MS = 10 * 60_000;

/**
 * Per-shop Admin GraphQL for background work. `load` is `unauthenticated.admin` in the app; the
 * single flight around it means one refresh per shop and process however many deliveries wait.
 */
export class AdminClients {
  private readonly cache = new Map<string, CachedAdmin>();
  private readonly inflight = new Map<string, Promise<OfflineAdmin>>();

  constructor(
    private readonly load: LoadOfflineAdmin,
    private readonly now: () => number = Date.now,
  ) {}

  invalidate(shop: string): void {
    this.cache.delete(shop);
  }

  async adminFor(shop: string): Promise<OfflineAdmin> {
    const cached = this.cache.get(shop);
    if (cached && cached.reuseUntil > this.now()) return cached.admin;
    const pending = this.inflight.get(shop);
    if (pending) return pending;
    const loading = this.loadOnce(shop).finally(() => this.inflight.delete(shop));
    this.inflight.set(shop, loading);
    return loading;
  }

  private async loadOnce(shop: string): Promise<OfflineAdmin> {
    let admin: OfflineAdmin;
    try {
      admin = await this.load(shop);
    } catch (error) {
      throw classifyLoadError(error);
    }
    const expires = admin.session.expires?.getTime();
    const reuseUntil = Math.min(this.now() + MAX_REUSE_MS, expires ? expires - REFRESH_MARGIN_MS : Infinity);
    this.cache.set(shop, { admin, reuseUntil });
    return admin;
  }

  /**
   * One GraphQL request. Returns `data`; throws ShopifyRequestError or ShopAccessError. A 401 is
   * answered once by reloading the session (another process may have rotated the token).
   */
  async request<T>(shop: string, document: string, variables: Record<string, unknown>, options: RequestOptions): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { admin } = await this.adminFor(shop);
      try {
        return await send<T>(admin.graphql, document, variables, options);
      } catch (error) {
        if (error instanceof UnauthorizedError) {
          this.invalidate(shop);
          if (attempt === 1) continue;
          throw new ShopAccessError(`Shopify answered 401 Unauthorized twice. ${ACCESS_LOST_MESSAGE}`);
        }
        throw error;
      }
    }
  }
}

class UnauthorizedError extends Error {}

function errorName(error: unknown): string {
  return error && typeof error === "object" ? (error.constructor?.name ?? "") : "";
}

function classifyLoadError(error: unknown): Error {
  if (error instanceof ShopAccessError || error instanceof ShopifyRequestError) return error;
  const name = errorName(error);
  if (name === "SessionNotFoundError") return new ShopAccessError(`No offline session is stored for this store. ${ACCESS_LOST_MESSAGE}`);
  // The refresh token was refused (invalid_grant, invalid_subject_token): the chain is broken.
  if (name === "InvalidJwtError") return new ShopAccessError(`Shopify refused to refresh the access token. ${ACCESS_LOST_MESSAGE}`);
  const status = httpStatusOf(error);
  if (status === 400 || status === 401 || status === 403) {
    return new ShopAccessError(`Shopify refused to refresh the access token (HTTP ${status}). ${ACCESS_LOST_MESSAGE}`);
  }
  if (error instanceof Response) {
    return new ShopifyRequestError(`Refreshing the access token failed (HTTP ${error.status}); will retry.`, "server", true);
  }
  if (name === "HttpRequestError" || name === "HttpMaxRetriesError" || name === "TypeError") {
    return new ShopifyRequestError(`Refreshing the access token failed (${messageOf(error)}); will retry.`, "network", true);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof Response) return error.status;
  const response = (error as { response?: { code?: number } } | null)?.response;
  return typeof response?.code === "number" ? response.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]!.slice(0, 300) : String(error).slice(0, 300);
}

interface GraphqlBody {
  data?: unknown;
  errors?: unknown;
  extensions?: { cost?: CostInfo };
}

interface GraphqlErrorEntry {
  message?: string;
  extensions?: { code?: string; requiredAccess?: string };
}

async function send<T>(graphql: GraphqlFn, document: string, variables: Record<string, unknown>, options: RequestOptions): Promise<T> {
  const operation = operationName(document);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let body: GraphqlBody;
  try {
    const response = await graphql(document, { variables, signal: controller.signal });
    body = (await response.json()) as GraphqlBody;
  } catch (error) {
    throw classifyRequestError(error, controller.signal.aborted, options.timeoutMs, operation, options);
  } finally {
    clearTimeout(timer);
  }
  if (body.extensions?.cost) options.onCost?.(body.extensions.cost, operation);
  return body.data as T;
}

function classifyRequestError(error: unknown, aborted: boolean, timeoutMs: number, operation: string, options: RequestOptions): Error {
  const name = errorName(error);
  if (name === "GraphqlQueryError") {
    const body = (error as { body?: GraphqlBody }).body ?? {};
    const cost = body.extensions?.cost;
    if (cost) options.onCost?.(cost, operation);
    const entries = ((body.errors as { graphQLErrors?: GraphqlErrorEntry[] } | undefined)?.graphQLErrors ?? []) as GraphqlErrorEntry[];
    if (entries.some((entry) => entry.extensions?.code === "THROTTLED")) {
      return new ShopifyRequestError(`Shopify throttled ${operation} (THROTTLED).`, "throttled", true, undefined, cost);
    }
    const detail = entries.map((entry) => entry.message ?? "").filter(Boolean).join("; ").slice(0, 500);
    if (entries.some((entry) => entry.extensions?.code === "INTERNAL_SERVER_ERROR")) {
      return new ShopifyRequestError(`Shopify failed ${operation}: ${detail}`, "server", true, undefined, cost);
    }
    return new ShopifyRequestError(`Shopify rejected ${operation}: ${detail || "GraphQL error"}`, "graphql", false, undefined, cost);
  }
  const status = httpStatusOf(error);
  if (status === 401) return new UnauthorizedError(`401 on ${operation}`);
  if (status === 429) {
    const retryAfter = Number((error as { response?: { retryAfter?: number } }).response?.retryAfter);
    return new ShopifyRequestError(`Shopify answered 429 Too Many Requests to ${operation}.`, "rate_limited", true, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  if (status !== undefined && status >= 500) return new ShopifyRequestError(`Shopify answered HTTP ${status} to ${operation}.`, "server", true);
  if (status === 402 || status === 423) return new ShopifyRequestError(`Shopify answered HTTP ${status} to ${operation} (store frozen or locked).`, "http", true);
  if (status === 403 || status === 404) {
    // 403: the app lost the scope or the store closed; 404: the store is gone. Both need a person.
    return new ShopAccessError(`Shopify answered HTTP ${status} to ${operation}. ${ACCESS_LOST_MESSAGE}`);
  }
  if (status !== undefined) return new ShopifyRequestError(`Shopify answered HTTP ${status} to ${operation}: ${messageOf(error)}`, "http", false);
  if (aborted) return new ShopifyRequestError(`${operation} timed out after ${timeoutMs} ms.`, "timeout", true);
  return new ShopifyRequestError(`${operation} failed before Shopify answered (${messageOf(error)}).`, "network", true);
}
