import { sessionTokenClaims, signSessionToken } from "./session-token";
import { z } from "zod";
import { forgetInstallation, functionRecord, grantOptionalScopes, revokeOptionalScopes, scopesDetail, VALIDATION_API_TYPE, type FunctionSpec, type TwinApp } from "./app";
import { isoSeconds, type Clock } from "./clock";
import { faultInputSchema, type FaultInjector, type FaultInput } from "./faults";
import type { Throttle } from "./graphql/throttle";
import { API_VERSION } from "./graphql/schema";
import { HttpError } from "./http";
import type { RequestLog } from "./request-log";
import { applyChanges, newCustomerRecord, normalizeChanges, shopProblems } from "./resolvers/customer-input";
import { toGid } from "./resolvers/gid";
import { appNamespaceFor, resolveNamespace } from "./resolvers/metafields";
import { METAFIELD_TYPES } from "./resolvers/metafield-types";
import { isShopDomain } from "./session-token";
import { handleB2BControl } from "./control-b2b";
import { b2bEnabled, restoreRateOf, upsertShop } from "./shops";
import { PLANS, type CustomerRecord, type Plan, type ShopState, type TwinState, type ValidationRecord } from "./state";
import type { TokenService } from "./tokens";

// /__twin/*: the twin's own control surface (not part of Shopify) for tests, demos and developers.

export interface ControlDeps {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  defaultPlan: Plan;
  initialFaults: FaultInput;
  app: TwinApp;
  initialFunctions: FunctionSpec[];
  state: TwinState;
  tokens: TokenService;
  throttle: Throttle;
  faults: FaultInjector;
  log: RequestLog;
  clock: Clock;
  startedAt: number;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

const shopInputSchema = z
  .object({
    shop: z.string().refine(isShopDomain, "must be a *.myshopify.com domain"),
    plan: z.enum(PLANS).optional(),
    name: z.string().min(1).optional(),
    email: z.string().optional(),
    loginRequiredAtCheckout: z.boolean().optional(),
    partnerDevelopment: z.boolean().optional(),
    /** Points per second; null returns to the plan's rate (Standard 100, Plus 1,000). */
    restoreRate: z.number().int().min(1).nullable().optional(),
    b2bLimits: z
      .object({ locationsPerCompany: z.number().int().min(1), contactsPerCompany: z.number().int().min(1), contactsPerLocation: z.number().int().min(1) })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

const functionSpecSchema = z
  .object({
    handle: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes"),
    apiType: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    description: z.string().nullish(),
    apiVersion: z.string().optional(),
    useCreationUi: z.boolean().optional(),
    inputQuery: z.string().nullish(),
  })
  .strict();

const functionsInputSchema = z.object({ functions: z.array(functionSpecSchema) }).strict();

// A validation another app activated: counts towards the shop's 25 active validations.
const seedValidationSchema = z
  .object({
    title: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
    blockOnFailure: z.boolean().optional(),
    appKey: z.string().min(1).optional(),
    functionHandle: z.string().min(1).optional(),
  })
  .strict();

const scopeListSchema = z.array(z.string().min(1)).min(1);
const scopeRequestSchema = z.object({ scopes: scopeListSchema, decision: z.enum(["grant", "decline"]).optional() }).strict();
const scopeRevokeSchema = z.object({ scopes: scopeListSchema }).strict();

const addressSchema = z
  .object({
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    company: z.string().nullish(),
    address1: z.string().nullish(),
    address2: z.string().nullish(),
    city: z.string().nullish(),
    province: z.string().nullish(),
    provinceCode: z.string().nullish(),
    country: z.string().nullish(),
    countryCode: z.string().nullish(),
    zip: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .strict();

const seedCustomerSchema = z
  .object({
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
    locale: z.string().nullish(),
    note: z.string().nullish(),
    tags: z.array(z.string()).optional(),
    taxExempt: z.boolean().optional(),
    multipassIdentifier: z.string().nullish(),
    addresses: z.array(addressSchema).optional(),
    state: z.enum(["DECLINED", "DISABLED", "ENABLED", "INVITED"]).optional(),
    numberOfOrders: z.number().int().min(0).optional(),
    verifiedEmail: z.boolean().optional(),
    emailMarketingState: z.enum(["INVALID", "NOT_SUBSCRIBED", "PENDING", "REDACTED", "SUBSCRIBED", "UNSUBSCRIBED"]).optional(),
    createdAt: z.iso.datetime().optional(),
    updatedAt: z.iso.datetime().optional(),
    metafields: z
      .array(z.object({ namespace: z.string().optional(), key: z.string(), type: z.string(), value: z.string() }).strict())
      .optional(),
  })
  .strict();

const accessTokenInputSchema = z.object({ scopes: z.union([z.string(), z.array(z.string())]).optional() }).strict();

function parseBody<T extends z.ZodType>(schema: T, text: string): z.output<T> {
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: "body must be JSON" });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new HttpError(400, { error: "invalid body", issues: result.error.issues });
  return result.data;
}

function shopSummary(shop: ShopState) {
  const { metafieldDefinitions: _definitions, erasureRequests: _erasures, validations: _validations, restoreRate: _override, ...summary } = shop.record;
  return {
    ...summary,
    gid: toGid("Shop", shop.record.id),
    customerCount: shop.customers.size,
    restoreRate: restoreRateOf(shop.record),
    b2b: b2bEnabled(shop.record),
    companyCount: shop.b2b.companies.size,
  };
}

function customerDump(customer: CustomerRecord) {
  return { gid: toGid("Customer", customer.id), ...customer };
}

function validationDump(validation: ValidationRecord) {
  return { gid: toGid("Validation", validation.id), ...validation };
}

function seedValidation(deps: ControlDeps, shop: ShopState, text: string) {
  const seed = parseBody(seedValidationSchema, text);
  const appKey = seed.appKey ?? "another-app";
  const now = isoSeconds(deps.clock.now());
  const fn = functionRecord(appKey, { handle: seed.functionHandle ?? "order-limits", apiType: VALIDATION_API_TYPE });
  const record: ValidationRecord = {
    id: deps.state.nextId("validation"),
    title: seed.title ?? fn.title,
    enabled: seed.enabled ?? true,
    blockOnFailure: seed.blockOnFailure ?? false,
    shopifyFunction: fn,
    metafields: [],
    createdAt: now,
    updatedAt: now,
  };
  shop.record.validations.push(record);
  deps.state.changed();
  return validationDump(record);
}

function requireShop(state: TwinState, domain: string): ShopState {
  const shop = state.shops.get(domain);
  if (!shop) throw new HttpError(404, { error: `unknown shop ${domain}` });
  return shop;
}

function seedCustomer(deps: ControlDeps, shop: ShopState, text: string) {
  const seed = parseBody(seedCustomerSchema, text);
  const { changes, problems } = normalizeChanges(seed);
  problems.push(...shopProblems(shop, changes, null));
  const metafields = (seed.metafields ?? []).map((field) => ({ ...field, namespace: resolveNamespace(field.namespace, appNamespaceFor(deps.apiKey)) }));
  for (const field of metafields) {
    const type = METAFIELD_TYPES[field.type];
    const problem = type ? type.problem(field.value) : `unsupported metafield type ${field.type}`;
    if (problem) problems.push({ field: ["metafields", field.key], message: problem, code: "INVALID" });
  }
  if (problems.length > 0) throw new HttpError(problems.some((problem) => problem.code === "TAKEN") ? 409 : 400, { error: "invalid customer", problems });
  const now = isoSeconds(deps.clock.now());
  const createdAt = seed.createdAt ? isoSeconds(Date.parse(seed.createdAt)) : now;
  const customer = newCustomerRecord(deps.state, createdAt);
  applyChanges(deps.state, customer, changes, now);
  if (seed.state) customer.state = seed.state;
  if (seed.numberOfOrders !== undefined) customer.numberOfOrders = seed.numberOfOrders;
  if (seed.verifiedEmail !== undefined) customer.verifiedEmail = seed.verifiedEmail;
  if (seed.emailMarketingState) customer.emailMarketing = { state: seed.emailMarketingState, optInLevel: null, consentUpdatedAt: now };
  customer.metafields = metafields.map((field) => ({ id: deps.state.nextId("metafield"), ...field, createdAt: now, updatedAt: now }));
  customer.updatedAt = seed.updatedAt ? isoSeconds(Date.parse(seed.updatedAt)) : createdAt;
  shop.saveCustomer(customer);
  deps.state.changed();
  return customerDump(customer);
}

export function handleControlRequest(deps: ControlDeps, method: string, url: URL, bodyText: string): ControlResponse {
  const segments = url.pathname.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
  if (segments[0] === "shops" && (segments[2] === "companies" || segments[2] === "company-locations")) {
    const shop = requireShop(deps.state, segments[1]!);
    const response = handleB2BControl({ state: deps.state, shop, clock: deps.clock }, method, segments.slice(2), bodyText, parseBody);
    if (response) return response;
  }
  const route = `${method} ${segments.map((segment, index) => (index === 1 && segments[0] === "shops" ? ":shop" : segment)).join("/")}`;
  const shopDomain = segments[1] ?? "";
  switch (route) {
    case "GET health":
      return { status: 200, body: { ok: true, apiVersion: API_VERSION, shops: deps.state.shops.size, uptimeMs: Date.now() - deps.startedAt } };
    case "GET faults":
      return { status: 200, body: deps.faults.get() };
    case "PUT faults":
      return { status: 200, body: deps.faults.set(parseBody(faultInputSchema, bodyText)) };
    case "GET shops":
      return { status: 200, body: { shops: [...deps.state.shops.values()].map(shopSummary) } };
    case "POST shops": {
      const input = parseBody(shopInputSchema, bodyText);
      const { shop: domain, ...changes } = input;
      return { status: 200, body: shopSummary(upsertShop(deps.state, deps.clock, domain, { ...changes, defaultPlan: deps.defaultPlan })) };
    }
    case "GET shops/:shop/customers": {
      const shop = requireShop(deps.state, shopDomain);
      return {
        status: 200,
        body: {
          shop: shopSummary(shop),
          customers: [...shop.customers.values()].map(customerDump),
          metafieldDefinitions: shop.record.metafieldDefinitions,
          erasureRequests: shop.record.erasureRequests,
        },
      };
    }
    case "POST shops/:shop/customers":
      return { status: 201, body: seedCustomer(deps, requireShop(deps.state, shopDomain), bodyText) };
    case "POST shops/:shop/access-tokens": {
      const shop = requireShop(deps.state, shopDomain);
      const { scopes } = parseBody(accessTokenInputSchema, bodyText);
      const list = scopes === undefined ? deps.scopes : (Array.isArray(scopes) ? scopes : scopes.split(",")).map((scope) => scope.trim()).filter(Boolean);
      const token = deps.tokens.issueAdminToken(shop.domain, list);
      return { status: 201, body: { access_token: token.token, scope: token.scopes.join(",") } };
    }
    case "POST shops/:shop/session-token": {
      // What the Shopify admin hands an embedded app page through App Bridge: a one-minute
      // session token signed with the app's secret. The demo's App Bridge stand-in asks here.
      const shop = requireShop(deps.state, shopDomain);
      const claims = sessionTokenClaims({ shop: shop.domain, apiKey: deps.apiKey, nowMs: deps.clock.now() });
      return { status: 201, body: { idToken: signSessionToken(claims, deps.apiSecret) } };
    }
    case "POST shops/:shop/revoke-tokens": {
      // Uninstall: tokens stop working, optional grants and the app's validations go with the install.
      const shop = requireShop(deps.state, shopDomain);
      forgetInstallation(deps.state, deps.app, shop);
      return { status: 200, body: { revoked: deps.tokens.revokeShop(shopDomain) } };
    }
    case "GET functions":
      return { status: 200, body: { functions: deps.app.functions } };
    case "PUT functions": {
      const { functions } = parseBody(functionsInputSchema, bodyText);
      deps.app.functions = functions.map((spec) => functionRecord(deps.apiKey, spec));
      return { status: 200, body: { functions: deps.app.functions } };
    }
    case "GET shops/:shop/validations":
      return { status: 200, body: { validations: requireShop(deps.state, shopDomain).record.validations.map(validationDump) } };
    case "POST shops/:shop/validations":
      return { status: 201, body: seedValidation(deps, requireShop(deps.state, shopDomain), bodyText) };
    case "GET shops/:shop/app-scopes":
      return { status: 200, body: scopesDetail(deps.app, requireShop(deps.state, shopDomain)) };
    case "POST shops/:shop/app-scopes/request": {
      // The merchant's answer in the permission grant modal App Bridge opens (scopes.request).
      const shop = requireShop(deps.state, shopDomain);
      const { scopes, decision } = parseBody(scopeRequestSchema, bodyText);
      if (decision === "decline") return { status: 200, body: { result: "declined-all", detail: scopesDetail(deps.app, shop) } };
      const problem = grantOptionalScopes(deps.state, deps.app, shop, scopes);
      if (problem) throw new HttpError(400, { error: problem.message, code: problem.code, scopes: problem.scopes });
      return { status: 200, body: { result: "granted-all", detail: scopesDetail(deps.app, shop) } };
    }
    case "POST shops/:shop/app-scopes/revoke": {
      const shop = requireShop(deps.state, shopDomain);
      const { scopes } = parseBody(scopeRevokeSchema, bodyText);
      const { problem } = revokeOptionalScopes(deps.state, deps.app, shop, scopes);
      if (problem) throw new HttpError(400, { error: problem.message, code: problem.code, scopes: problem.scopes });
      return { status: 200, body: { detail: scopesDetail(deps.app, shop) } };
    }
    case "GET log": {
      const limit = Number(url.searchParams.get("limit") ?? 100);
      return { status: 200, body: { entries: deps.log.recent(Number.isFinite(limit) ? limit : 100) } };
    }
    case "POST reset":
      deps.state.reset();
      deps.throttle.reset();
      deps.log.clear();
      deps.faults.set(deps.initialFaults);
      deps.app.functions = deps.initialFunctions.map((spec) => functionRecord(deps.apiKey, spec));
      return { status: 200, body: { ok: true } };
    default:
      throw new HttpError(404, { error: `no control route ${method} ${url.pathname}` });
  }
}
