// Calls the real /scim/v2 route modules with a real Request, through the splat route: it sends
// each path where the one SCIM URL normaliser (app/scim/endpoints.ts) says, as it does for the
// paths Remix's router leaves to it, and the Remix-matched routes take their ids from the same
// normaliser. Also makes shops and SCIM tokens in the test database.
import { randomUUID } from "node:crypto";
import * as splat from "~/routes/scim.v2.$";
import { issueScimToken } from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, setScimEnabled } from "~/tenants/shops.server";

export const BASE = "https://scim-app.test/scim/v2";

export interface ScimCall {
  method?: string;
  /** Relative to the base URL: "/Users?filter=…". */
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  token?: string | null;
}

export interface ScimReply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function scimRequest(call: ScimCall): Promise<ScimReply> {
  const method = (call.method ?? "GET").toUpperCase();
  const headers = new Headers(call.headers ?? {});
  if (call.token && !headers.has("authorization")) headers.set("Authorization", `Bearer ${call.token}`);
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === "string" ? call.body : JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("Content-Type", "application/scim+json");
  }
  const request = new Request(BASE + call.path, { method, headers, body });
  const args = { request, params: {}, context: {} };
  const response = method === "GET" || method === "HEAD" ? await splat.loader(args) : await splat.action(args);
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export interface TestTenant {
  shopId: string;
  shopDomain: string;
  token: string;
  tokenId: string;
  call(call: Omit<ScimCall, "token"> & { token?: string | null }): Promise<ScimReply>;
}

export async function newTenant(prefix = "shop"): Promise<TestTenant> {
  const shop = await ensureShopInstalled(`${prefix}-${randomUUID().slice(0, 8)}.myshopify.com`);
  await setScimEnabled(shop.id, true);
  const { token, record } = await issueScimToken(shop.id, { label: "test" });
  return {
    shopId: shop.id,
    shopDomain: shop.shopDomain,
    token,
    tokenId: record.id,
    call: (call) => scimRequest({ ...call, token: call.token === undefined ? token : call.token }),
  };
}
