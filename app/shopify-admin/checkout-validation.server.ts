// The checkout gate, switched on from the app: the cart and checkout validation backed by our
// function `deactivated-checkout-block` (extensions/), its status, and the merchant's checkout
// message, a metafield on the validation that the function reads. Why it works this way:
// docs/decisions/0003-deprovisioning-enforcement.md (blockOnFailure false, the 25-validation cap).
//
// Shopify facts this relies on (Admin API 2026-10 schema):
// - validationCreate needs write_validations; an app can only activate its own functions.
// - `validations` lists every validation on the shop, other apps' included; ours are the ones whose
//   shopifyFunction has our handle and our client id (appKey).
// - ValidationUpdateInput gives `enable` and `blockOnFailure` a default of false: an update that
//   leaves them out switches the validation off. Every update here sends both.
// - $app:scim resolves to this app's namespace, which the function's input query reads too.
//
// Requests go through AdminClients (the offline session from `unauthenticated.admin`, one token
// refresh per shop, errors classified) like the provisioning engine's.
import markers from "../../extensions/deprovisioning-markers.json";
import { env } from "~/env.server";
import { ShopAccessError, ShopifyRequestError, type AdminClients } from "./admin-client.server";
import { adminClients } from "./admin-clients.server";
import type { UserError } from "./customer-documents";
import { CHECKOUT_MESSAGE_MAX_LENGTH, DEFAULT_CHECKOUT_MESSAGE, normalizeCheckoutMessage } from "./protection";

export { CHECKOUT_MESSAGE_MAX_LENGTH, DEFAULT_CHECKOUT_MESSAGE, normalizeCheckoutMessage };

export const CHECKOUT_FUNCTION_HANDLE = "deactivated-checkout-block";
export const VALIDATION_API_TYPE = "cart_checkout_validation";
/** What the merchant sees under Settings > Checkout > Checkout rules. */
export const VALIDATION_TITLE = "Block deactivated people at checkout";
/** "Cannot have more than 25 active validation functions." (ValidationUserErrorCode). */
export const MAX_ACTIVE_VALIDATIONS = 25;

const MESSAGE = markers.checkoutMessageMetafield; // $app:scim / checkout_message, single_line_text_field

const VALIDATION_FIELDS = `#graphql
  fragment ScimValidation on Validation {
    id
    title
    enabled
    blockOnFailure
    shopifyFunction { id handle appKey }
    checkoutMessage: metafield(namespace: "$app:scim", key: "checkout_message") { value }
  }
`;

export const CHECKOUT_VALIDATION_STATUS = `#graphql
  query ScimCheckoutValidationStatus {
    shopifyFunctions(first: 25, apiType: "cart_checkout_validation") {
      nodes { id handle title }
    }
    validations(first: 50) {
      nodes { ...ScimValidation }
      pageInfo { hasNextPage endCursor }
    }
    shop { customerAccountsV2 { loginRequiredAtCheckout } }
  }
  ${VALIDATION_FIELDS}
`;

export const VALIDATIONS_PAGE = `#graphql
  query ScimValidationsPage($after: String!) {
    validations(first: 50, after: $after) {
      nodes { ...ScimValidation }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${VALIDATION_FIELDS}
`;

export const VALIDATION_CREATE = `#graphql
  mutation ScimValidationCreate($validation: ValidationCreateInput!) {
    validationCreate(validation: $validation) {
      validation { ...ScimValidation }
      userErrors { field message code }
    }
  }
  ${VALIDATION_FIELDS}
`;

export const VALIDATION_UPDATE = `#graphql
  mutation ScimValidationUpdate($id: ID!, $validation: ValidationUpdateInput!) {
    validationUpdate(id: $id, validation: $validation) {
      validation { ...ScimValidation }
      userErrors { field message code }
    }
  }
  ${VALIDATION_FIELDS}
`;

export const VALIDATION_DELETE = `#graphql
  mutation ScimValidationDelete($id: ID!) {
    validationDelete(id: $id) {
      deletedId
      userErrors { field message code }
    }
  }
`;

export const CHECKOUT_MESSAGE_DELETE = `#graphql
  mutation ScimCheckoutMessageDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { key }
      userErrors { field message }
    }
  }
`;

export const CHECKOUT_VALIDATION_DOCUMENTS = {
  CHECKOUT_VALIDATION_STATUS,
  VALIDATIONS_PAGE,
  VALIDATION_CREATE,
  VALIDATION_UPDATE,
  VALIDATION_DELETE,
  CHECKOUT_MESSAGE_DELETE,
};

interface ValidationNode {
  id: string;
  title: string;
  enabled: boolean;
  blockOnFailure: boolean;
  shopifyFunction: { id: string; handle: string; appKey: string };
  checkoutMessage: { value: string } | null;
}

interface ValidationPage {
  nodes: ValidationNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface StatusResult {
  shopifyFunctions: { nodes: Array<{ id: string; handle: string; title: string }> };
  validations: ValidationPage;
  shop: { customerAccountsV2: { loginRequiredAtCheckout: boolean } | null };
}

interface ValidationPayload {
  validation: ValidationNode | null;
  userErrors: UserError[];
}

/** One shop's Admin GraphQL: returns `data` or throws ShopifyRequestError / ShopAccessError. */
export interface ShopAdmin {
  shop: string;
  request<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
}

/** The app's Admin API access for `shop` (its offline session), shared by every admin request. */
export function shopAdmin(shop: string, clients?: AdminClients): ShopAdmin {
  const admin = clients ?? adminClients();
  return {
    shop,
    request: <T>(document: string, variables: Record<string, unknown> = {}) =>
      admin.request<T>(shop, document, variables, { timeoutMs: env.SHOPIFY_REQUEST_TIMEOUT_MS }),
  };
}

export interface ManagedValidation {
  id: string;
  title: string;
  enabled: boolean;
  blockOnFailure: boolean;
  /** The merchant's message, or null when the function uses its default. */
  message: string | null;
}

export interface CheckoutValidationStatus {
  /** Our function as deployed to the app (null: `shopify app deploy` has not shipped it). */
  function: { id: string; title: string } | null;
  /** The validation this app manages: the enabled one, else the oldest. */
  validation: ManagedValidation | null;
  /** Further validations of our function (a double activation in another process). */
  duplicates: string[];
  /** Enabled validations on the shop, any app's. */
  activeValidations: number;
  maxActiveValidations: number;
  /** Settings > Customer accounts; null when Shopify did not say. */
  loginRequiredAtCheckout: boolean | null;
}

export type ValidationChange =
  | { ok: true; status: CheckoutValidationStatus }
  | { ok: false; errors: UserError[]; message: string; status?: CheckoutValidationStatus };

function isOurs(node: ValidationNode, apiKey: string): boolean {
  return node.shopifyFunction.handle === CHECKOUT_FUNCTION_HANDLE && node.shopifyFunction.appKey === apiKey;
}

function managed(node: ValidationNode): ManagedValidation {
  const message = node.checkoutMessage?.value.trim();
  return { id: node.id, title: node.title, enabled: node.enabled, blockOnFailure: node.blockOnFailure, message: message || null };
}

/** Where checkout blocking stands in the shop. `apiKey` is the app's client id. */
export async function readCheckoutValidation(admin: ShopAdmin, apiKey: string = env.SHOPIFY_API_KEY): Promise<CheckoutValidationStatus> {
  const first = await admin.request<StatusResult>(CHECKOUT_VALIDATION_STATUS);
  const nodes = [...first.validations.nodes];
  let page = first.validations.pageInfo;
  // A shop holds at most 25 enabled validations, but any number of disabled ones.
  for (let pages = 1; page.hasNextPage && page.endCursor && pages < 20; pages++) {
    const next = await admin.request<{ validations: ValidationPage }>(VALIDATIONS_PAGE, { after: page.endCursor });
    nodes.push(...next.validations.nodes);
    page = next.validations.pageInfo;
  }
  const fn = first.shopifyFunctions.nodes.find((candidate) => candidate.handle === CHECKOUT_FUNCTION_HANDLE) ?? null;
  const ours = nodes.filter((node) => isOurs(node, apiKey));
  const chosen = ours.find((node) => node.enabled) ?? ours[0] ?? null;
  return {
    function: fn ? { id: fn.id, title: fn.title } : null,
    validation: chosen ? managed(chosen) : null,
    duplicates: ours.filter((node) => node !== chosen).map((node) => node.id),
    activeValidations: nodes.filter((node) => node.enabled).length,
    maxActiveValidations: MAX_ACTIVE_VALIDATIONS,
    loginRequiredAtCheckout: first.shop.customerAccountsV2?.loginRequiredAtCheckout ?? null,
  };
}

function messageMetafield(message: string) {
  return { namespace: MESSAGE.namespace, key: MESSAGE.key, type: MESSAGE.type, value: message };
}

function refused(action: string, errors: UserError[]): ValidationChange {
  const codes = new Set(errors.map((error) => error.code));
  let message = `Shopify refused to ${action}: ${errors.map((error) => error.message).join(" ")}`;
  if (codes.has("FUNCTION_NOT_FOUND")) {
    message = "Shopify can't find the app's checkout function. The app's extensions have not been deployed (shopify app deploy), or this store has an older version of the app.";
  } else if (codes.has("MAX_VALIDATIONS_ACTIVATED")) {
    message = `Your store already has ${MAX_ACTIVE_VALIDATIONS} active checkout rules, the most Shopify allows. Turn one off in Settings > Checkout > Checkout rules, then try again.`;
  } else if (codes.has("CUSTOM_APP_FUNCTION_NOT_ELIGIBLE")) {
    message = "Checkout rules from a custom app work only on Shopify Plus. Install the app from the Shopify App Store instead.";
  }
  return { ok: false, errors, message };
}

// One change at a time per shop in this process: a double click must not create two validations.
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(task);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

export interface ActivateOptions {
  /** undefined: keep the current message; null: back to the function's default. */
  message?: string | null;
  /** undefined: keep the current setting (new validations: false, as ADR 0003 recommends). */
  blockOnFailure?: boolean;
  apiKey?: string;
}

/** Turns checkout blocking on: creates our validation, or enables the one there is. Idempotent. */
export function activateCheckoutValidation(admin: ShopAdmin, options: ActivateOptions = {}): Promise<ValidationChange> {
  const apiKey = options.apiKey ?? env.SHOPIFY_API_KEY;
  return serialized(admin.shop, async () => {
    const status = await readCheckoutValidation(admin, apiKey);
    const current = status.validation;
    if (!current) {
      const { validationCreate } = await admin.request<{ validationCreate: ValidationPayload }>(VALIDATION_CREATE, {
        validation: {
          functionHandle: CHECKOUT_FUNCTION_HANDLE,
          enable: true,
          blockOnFailure: options.blockOnFailure ?? false,
          title: VALIDATION_TITLE,
          metafields: options.message ? [messageMetafield(options.message)] : [],
        },
      });
      if (validationCreate.userErrors.length > 0) return { ...refused("turn on checkout blocking", validationCreate.userErrors), status };
    } else {
      const { validationUpdate } = await admin.request<{ validationUpdate: ValidationPayload }>(VALIDATION_UPDATE, {
        id: current.id,
        validation: {
          enable: true,
          blockOnFailure: options.blockOnFailure ?? current.blockOnFailure,
          metafields: options.message ? [messageMetafield(options.message)] : [],
        },
      });
      if (validationUpdate.userErrors.length > 0) return { ...refused("turn on checkout blocking", validationUpdate.userErrors), status };
      if (options.message === null && current.message !== null) await deleteMessage(admin, current.id);
      // Extra validations of our function only count against the shop's 25: remove them.
      for (const id of status.duplicates) await admin.request(VALIDATION_DELETE, { id });
    }
    return { ok: true, status: await readCheckoutValidation(admin, apiKey) };
  });
}

/** Turns checkout blocking off (every validation of our function); the message is kept. */
export function deactivateCheckoutValidation(admin: ShopAdmin, options: { apiKey?: string } = {}): Promise<ValidationChange> {
  const apiKey = options.apiKey ?? env.SHOPIFY_API_KEY;
  return serialized(admin.shop, async () => {
    const status = await readCheckoutValidation(admin, apiKey);
    const targets = [status.validation, ...status.duplicates.map((id) => ({ id, enabled: true, blockOnFailure: false }))].filter(
      (validation): validation is { id: string; enabled: boolean; blockOnFailure: boolean } => validation !== null && validation.enabled,
    );
    for (const target of targets) {
      const { validationUpdate } = await admin.request<{ validationUpdate: ValidationPayload }>(VALIDATION_UPDATE, {
        id: target.id,
        validation: { enable: false, blockOnFailure: target.blockOnFailure },
      });
      if (validationUpdate.userErrors.length > 0) return { ...refused("turn off checkout blocking", validationUpdate.userErrors), status };
    }
    return { ok: true, status: await readCheckoutValidation(admin, apiKey) };
  });
}

async function deleteMessage(admin: ShopAdmin, validationId: string): Promise<void> {
  const { metafieldsDelete } = await admin.request<{ metafieldsDelete: { userErrors: UserError[] } }>(CHECKOUT_MESSAGE_DELETE, {
    metafields: [{ ownerId: validationId, namespace: MESSAGE.namespace, key: MESSAGE.key }],
  });
  if (metafieldsDelete.userErrors.length > 0) {
    throw new ShopifyRequestError(`Shopify refused to remove the checkout message: ${metafieldsDelete.userErrors.map((error) => error.message).join(" ")}`, "graphql", false);
  }
}

/**
 * Stores the merchant's settings on our validation, keeping it on or off as it is: the checkout
 * message (null: back to the function's default; undefined: unchanged) and blockOnFailure
 * (undefined: unchanged). Without a validation there is nothing to store them on yet: they are
 * given with the activation.
 */
export function saveCheckoutSettings(
  admin: ShopAdmin,
  settings: { message?: string | null; blockOnFailure?: boolean },
  options: { apiKey?: string } = {},
): Promise<ValidationChange> {
  const apiKey = options.apiKey ?? env.SHOPIFY_API_KEY;
  return serialized(admin.shop, async () => {
    const status = await readCheckoutValidation(admin, apiKey);
    const current = status.validation;
    if (!current) return { ok: false, errors: [], message: "Turn on checkout blocking first; the message is stored with it.", status };
    const blockOnFailure = settings.blockOnFailure ?? current.blockOnFailure;
    if (settings.message || blockOnFailure !== current.blockOnFailure) {
      const { validationUpdate } = await admin.request<{ validationUpdate: ValidationPayload }>(VALIDATION_UPDATE, {
        id: current.id,
        validation: { enable: current.enabled, blockOnFailure, metafields: settings.message ? [messageMetafield(settings.message)] : [] },
      });
      if (validationUpdate.userErrors.length > 0) return { ...refused("save the checkout settings", validationUpdate.userErrors), status };
    }
    if (settings.message === null && current.message !== null) await deleteMessage(admin, current.id);
    return { ok: true, status: await readCheckoutValidation(admin, apiKey) };
  });
}

/** The checkout message alone (null: back to the default); see saveCheckoutSettings. */
export function setCheckoutMessage(admin: ShopAdmin, message: string | null, options: { apiKey?: string } = {}): Promise<ValidationChange> {
  return saveCheckoutSettings(admin, { message }, options);
}

/** A request failure in the merchant's words. */
export function describeAdminError(error: unknown): string {
  if (error instanceof ShopAccessError) return error.message;
  if (error instanceof ShopifyRequestError) {
    if (/write_validations|read_validations/.test(error.message)) {
      return "The app doesn't have permission to manage checkout rules yet (write_validations). Open the app again from your Shopify admin and approve its updated permissions.";
    }
    if (error.retryable) return `Shopify didn't answer in time (${error.message}). Try again in a moment.`;
    return error.message;
  }
  throw error;
}
