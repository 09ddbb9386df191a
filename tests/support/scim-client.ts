// Calls the real /scim/v2 route modules the way Remix routes a URL to them (file name = URL,
// case-insensitive, trailing slash tolerated; anything else to the splat route), with a real
// Request. Also makes shops and SCIM tokens in the test database.
import { randomUUID } from "node:crypto";
import * as splat from "~/routes/scim.v2.$";
import * as bulk from "~/routes/scim.v2.Bulk";
import * as group from "~/routes/scim.v2.Groups.$id";
import * as groups from "~/routes/scim.v2.Groups._index";
import * as groupsSearch from "~/routes/scim.v2.Groups.[.search]";
import * as resourceType from "~/routes/scim.v2.ResourceTypes.$id";
import * as resourceTypes from "~/routes/scim.v2.ResourceTypes._index";
import * as schema from "~/routes/scim.v2.Schemas.$id";
import * as schemas from "~/routes/scim.v2.Schemas._index";
import * as serviceProviderConfig from "~/routes/scim.v2.ServiceProviderConfig";
import * as user from "~/routes/scim.v2.Users.$id";
import * as users from "~/routes/scim.v2.Users._index";
import * as usersSearch from "~/routes/scim.v2.Users.[.search]";
import { issueScimToken } from "~/tenants/scim-tokens.server";
import { ensureShopInstalled, setScimEnabled } from "~/tenants/shops.server";

export const BASE = "https://scim-app.test/scim/v2";

type Module = { loader: (args: any) => Promise<Response>; action: (args: any) => Promise<Response> };

const TABLE: { pattern: RegExp; module: Module; names: string[] }[] = [
  { pattern: /^\/Users\/?$/i, module: users, names: [] },
  { pattern: /^\/Users\/\.search\/?$/i, module: usersSearch, names: [] },
  { pattern: /^\/Users\/([^/]+)\/?$/i, module: user, names: ["id"] },
  { pattern: /^\/Groups\/?$/i, module: groups, names: [] },
  { pattern: /^\/Groups\/\.search\/?$/i, module: groupsSearch, names: [] },
  { pattern: /^\/Groups\/([^/]+)\/?$/i, module: group, names: ["id"] },
  { pattern: /^\/Schemas\/?$/i, module: schemas, names: [] },
  { pattern: /^\/Schemas\/([^/]+)\/?$/i, module: schema, names: ["id"] },
  { pattern: /^\/ResourceTypes\/?$/i, module: resourceTypes, names: [] },
  { pattern: /^\/ResourceTypes\/([^/]+)\/?$/i, module: resourceType, names: ["id"] },
  { pattern: /^\/ServiceProviderConfig\/?$/i, module: serviceProviderConfig, names: [] },
  { pattern: /^\/Bulk\/?$/i, module: bulk, names: [] },
];

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
  const pathname = new URL(request.url).pathname.replace(/^\/scim\/v2/, "");
  let module: Module = splat;
  let params: Record<string, string> = { "*": safeDecode(pathname.replace(/^\//, "")) };
  for (const entry of TABLE) {
    const m = entry.pattern.exec(pathname);
    if (!m) continue;
    module = entry.module;
    params = Object.fromEntries(entry.names.map((n, i) => [n, safeDecode(m[i + 1]!)]));
    break;
  }
  const args = { request, params, context: {} };
  const response = method === "GET" || method === "HEAD" ? await module.loader(args) : await module.action(args);
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

/** Like React Router: decode a path segment, keeping it as sent when it is not valid percent-encoding. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
