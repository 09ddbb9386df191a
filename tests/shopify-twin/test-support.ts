import { ManualClock } from "./clock";
import { startTwin, type Twin, type TwinOptions } from "./server";
import { sessionTokenClaims, signSessionToken, type SessionTokenClaims } from "./session-token";

// Helpers for the twin's own tests: a twin on an ephemeral port with a manual clock, and thin
// HTTP wrappers for the three surfaces (OAuth, GraphQL, control API).

export const API_KEY = "twin-test-api-key";
export const API_SECRET = "twin-test-api-secret";
export const SHOP = "acme-outdoor.myshopify.com";

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A GraphQL response body as the twin (and Shopify) sends it. */
export interface GraphqlBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; locations?: Array<{ line: number; column: number }>; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } }; search?: unknown[] };
}

export class TwinHarness {
  private constructor(
    readonly twin: Twin,
    readonly clock: ManualClock,
  ) {}

  static async start(options: Partial<TwinOptions> = {}): Promise<TwinHarness> {
    const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
    const twin = await startTwin({ apiKey: API_KEY, apiSecret: API_SECRET, ...options, clock });
    return new TwinHarness(twin, clock);
  }

  get url(): string {
    return this.twin.url;
  }

  close(): Promise<void> {
    return this.twin.close();
  }

  async request<T = Record<string, any>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // non-JSON bodies (HTML error pages) stay text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  control<T = Record<string, any>>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    return this.request<T>(method, `/__twin${path}`, body);
  }

  graphql(token: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<JsonResponse<GraphqlBody>> {
    return this.request<GraphqlBody>("POST", "/admin/api/2026-10/graphql.json", { query, variables }, { "X-Shopify-Access-Token": token, ...headers });
  }

  sessionToken(shop = SHOP, overrides: Partial<SessionTokenClaims> = {}, secret = API_SECRET): string {
    return signSessionToken({ ...sessionTokenClaims({ shop, apiKey: API_KEY, nowMs: this.clock.now() }), ...overrides }, secret);
  }

  exchange(params: { shop?: string; expiring?: boolean; online?: boolean; subjectToken?: string; clientSecret?: string }, headers: Record<string, string> = {}) {
    return this.request("POST", "/admin/oauth/access_token", {
      client_id: API_KEY,
      client_secret: params.clientSecret ?? API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: params.subjectToken ?? this.sessionToken(params.shop ?? SHOP),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: `urn:shopify:params:oauth:token-type:${params.online ? "online" : "offline"}-access-token`,
      expiring: params.expiring ? "1" : "0",
    }, headers);
  }

  refresh(refreshToken: string) {
    return this.request("POST", "/admin/oauth/access_token", {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    });
  }

  /** Creates the shop (if needed) and returns a non-expiring admin token for it. */
  async adminToken(shop = SHOP, scopes?: string): Promise<string> {
    await this.control("POST", "/shops", { shop });
    const response = await this.control<{ access_token: string }>("POST", `/shops/${shop}/access-tokens`, scopes === undefined ? {} : { scopes });
    return response.body.access_token;
  }
}

export const CUSTOMER_FIELDS = `id email phone firstName lastName displayName tags note locale state canDelete numberOfOrders createdAt updatedAt`;
