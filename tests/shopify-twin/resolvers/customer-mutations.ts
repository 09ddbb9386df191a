import { isoSeconds } from "../clock";
import type { Args, ResolverContext } from "../graphql/execute";
import type { CustomerRecord } from "../state";
import {
  applyChanges,
  newCustomerRecord,
  normalizeChanges,
  normalizeEmail,
  normalizePhone,
  shopProblems,
  type CustomerFieldsInput,
  type CustomerSetErrorCode,
  type InputProblem,
} from "./customer-input";
import { customIdDefinitionExists, findCustomerByCustomId } from "./customer-queries";
import { idOf, toGid } from "./gid";
import { applyMetafieldWrite, planMetafieldWrite, type MetafieldEntry, type PlannedWrite } from "./metafields";

// customerCreate / customerUpdate answer UserError {field, message}; customerSet answers
// CustomerSetUserError {field, message, code}. Every mutation validates fully before it changes
// anything, so a failed call leaves the store untouched.

interface UserError {
  field: string[] | null;
  message: string;
}

interface CustomerSetUserError extends UserError {
  code: CustomerSetErrorCode;
}

function asUserErrors(problems: InputProblem[], prefix: string[] = []): UserError[] {
  return problems.map((problem) => ({ field: problem.field.length > 0 ? [...prefix, ...problem.field] : null, message: problem.message }));
}

function asSetErrors(problems: InputProblem[], prefix: string[]): CustomerSetUserError[] {
  return problems.map((problem) => ({ ...asUserErrors([problem], prefix)[0]!, code: problem.code }));
}

function planMetafields(context: ResolverContext, owner: CustomerRecord | null, entries: MetafieldEntry[] | null | undefined) {
  const writes: PlannedWrite[] = [];
  const problems: InputProblem[] = [];
  const claimed = new Map<string, number | null>();
  (entries ?? []).forEach((entry, index) => {
    const planned = planMetafieldWrite(context, owner, entry, index, claimed);
    if (planned.write) writes.push(planned.write);
    for (const problem of planned.problems) {
      problems.push({ field: ["metafields", String(index), problem.field], message: problem.message, code: problem.code === "TAKEN" ? "TAKEN" : "INVALID" });
    }
  });
  return { writes, problems };
}

/** Applies validated changes to a new or existing customer and stores it. */
function save(
  context: ResolverContext,
  existing: CustomerRecord | null,
  changes: ReturnType<typeof normalizeChanges>["changes"],
  metafieldWrites: PlannedWrite[],
): CustomerRecord {
  const now = isoSeconds(context.clock.now());
  const customer = existing ?? newCustomerRecord(context.state, now);
  applyChanges(context.state, customer, changes, now);
  for (const write of metafieldWrites) applyMetafieldWrite(context, customer, write);
  context.shop.saveCustomer(customer);
  context.state.changed();
  return customer;
}

type CustomerInput = CustomerFieldsInput & { metafields?: MetafieldEntry[] | null };

export function customerCreate(_root: unknown, args: Args, context: ResolverContext) {
  const { id: _ignored, metafields, ...input } = args.input as CustomerInput;
  const { changes, problems } = normalizeChanges(input);
  problems.push(...shopProblems(context.shop, changes, null));
  const planned = planMetafields(context, null, metafields);
  problems.push(...planned.problems);
  if (problems.length > 0) return { customer: null, userErrors: asUserErrors(problems) };
  return { customer: save(context, null, changes, planned.writes), userErrors: [] };
}

export function customerUpdate(_root: unknown, args: Args, context: ResolverContext) {
  const { id, metafields, ...input } = args.input as CustomerInput;
  const numericId = idOf(id, "Customer");
  const existing = numericId === null ? undefined : context.shop.getCustomer(numericId);
  if (!existing) return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
  const { changes, problems } = normalizeChanges(input);
  problems.push(...shopProblems(context.shop, changes, existing));
  const planned = planMetafields(context, existing, metafields);
  problems.push(...planned.problems);
  if (problems.length > 0) return { customer: null, userErrors: asUserErrors(problems) };
  return { customer: save(context, existing, changes, planned.writes), userErrors: [] };
}

interface CustomerSetIdentifiers {
  id?: string;
  email?: string;
  phone?: string;
  customId?: { namespace?: string | null; key: string; value: string };
}

function setFailure(field: string[], message: string, code: CustomerSetErrorCode) {
  return { customer: null, userErrors: [{ field, message, code }] };
}

const MISSING_FIELD = "The input field corresponding to the identifier is required.";
const MISMATCH = "The identifier value does not match the value of the corresponding field in the input.";

export function customerSet(_root: unknown, args: Args, context: ResolverContext) {
  const identifier = (args.identifier ?? null) as CustomerSetIdentifiers | null;
  const { id: inputId, ...input } = args.input as CustomerFieldsInput;
  const shop = context.shop;
  if (identifier && inputId != null) return setFailure(["input", "id"], "The id field is not allowed if identifier is provided.", "ID_NOT_ALLOWED");

  let target: CustomerRecord | null = null;
  let customIdWrite: MetafieldEntry | null = null;
  if (identifier?.id !== undefined || (!identifier && inputId != null)) {
    const lookupId = idOf(identifier?.id ?? inputId, "Customer");
    target = (lookupId === null ? undefined : shop.getCustomer(lookupId)) ?? null;
    if (!target) return setFailure(identifier ? ["identifier", "id"] : ["input", "id"], "Resource matching the identifier was not found.", "NOT_FOUND");
  } else if (identifier?.email !== undefined) {
    if (!input.email) return setFailure(["input", "email"], MISSING_FIELD, "MISSING_FIELD_REQUIRED");
    if (normalizeEmail(identifier.email) !== normalizeEmail(input.email)) return setFailure(["input", "email"], MISMATCH, "INPUT_MISMATCH");
    target = shop.findCustomerByEmail(normalizeEmail(identifier.email)) ?? null;
  } else if (identifier?.phone !== undefined) {
    if (!input.phone) return setFailure(["input", "phone"], MISSING_FIELD, "MISSING_FIELD_REQUIRED");
    const identifierPhone = normalizePhone(identifier.phone);
    if (identifierPhone === null) return setFailure(["identifier", "phone"], "Phone is invalid", "INVALID");
    if (identifierPhone !== normalizePhone(input.phone)) return setFailure(["input", "phone"], MISMATCH, "INPUT_MISMATCH");
    target = shop.findCustomerByPhone(identifierPhone) ?? null;
  } else if (identifier?.customId) {
    if (!customIdDefinitionExists(shop, identifier.customId, context.appNamespace)) {
      return setFailure(["identifier", "customId"], "Metafield definition of type 'id' or with unique values enabled is required to use as a custom id.", "NOT_FOUND");
    }
    target = findCustomerByCustomId(shop, identifier.customId, context.appNamespace) ?? null;
    // An upsert that creates the customer gives it the custom id it was looked up by.
    if (!target) customIdWrite = { namespace: identifier.customId.namespace, key: identifier.customId.key, value: identifier.customId.value };
  }

  const { changes, problems } = normalizeChanges(input);
  problems.push(...shopProblems(shop, changes, target));
  const planned = planMetafields(context, target, customIdWrite ? [customIdWrite] : []);
  if (problems.length > 0 || planned.problems.length > 0) {
    const customIdErrors = planned.problems.map((problem) => ({ field: ["identifier", "customId"], message: problem.message, code: problem.code }));
    return { customer: null, userErrors: [...asSetErrors(problems, ["input"]), ...customIdErrors] };
  }
  return { customer: save(context, target, changes, planned.writes), userErrors: [] };
}

export function customerDelete(_root: unknown, args: Args, context: ResolverContext) {
  const { id } = args.input as { id: string };
  const numericId = idOf(id, "Customer");
  const existing = numericId === null ? undefined : context.shop.getCustomer(numericId);
  if (!existing) return { deletedCustomerId: null, shop: context.shop, userErrors: [{ field: ["id"], message: "Customer can't be found" }] };
  if (existing.numberOfOrders > 0) {
    return {
      deletedCustomerId: null,
      shop: context.shop,
      userErrors: [{ field: ["id"], message: "Customer can't be deleted because they have associated orders" }],
    };
  }
  context.shop.deleteCustomer(existing.id);
  context.state.changed();
  return { deletedCustomerId: toGid("Customer", existing.id), shop: context.shop, userErrors: [] };
}

export function customerRequestDataErasure(_root: unknown, args: Args, context: ResolverContext) {
  const numericId = idOf(args.customerId, "Customer");
  const existing = numericId === null ? undefined : context.shop.getCustomer(numericId);
  if (!existing) {
    return { customerId: null, userErrors: [{ field: ["customerId"], message: "Customer does not exist.", code: "DOES_NOT_EXIST" }] };
  }
  const requests = context.shop.record.erasureRequests;
  if (!requests.some((request) => request.customerId === existing.id)) {
    requests.push({ customerId: existing.id, requestedAt: isoSeconds(context.clock.now()), requestedByApp: context.token.appKey });
    context.state.changed();
  }
  return { customerId: toGid("Customer", existing.id), userErrors: [] };
}

const SETTABLE_MARKETING_STATES = new Set(["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"]);

export function customerEmailMarketingConsentUpdate(_root: unknown, args: Args, context: ResolverContext) {
  const input = args.input as {
    customerId: string;
    emailMarketingConsent: NonNullable<CustomerFieldsInput["emailMarketingConsent"]>;
  };
  const fail = (field: string[], message: string, code: string) => ({ customer: null, userErrors: [{ field, message, code }] });
  const numericId = idOf(input.customerId, "Customer");
  const existing = numericId === null ? undefined : context.shop.getCustomer(numericId);
  if (!existing) return fail(["input", "customerId"], "Customer not found", "INVALID");
  if (!existing.email) return fail(["input", "customerId"], "Customer must have an email address to update email marketing consent", "INVALID");
  if (!SETTABLE_MARKETING_STATES.has(input.emailMarketingConsent.marketingState)) {
    return fail(["input", "emailMarketingConsent", "marketingState"], "Marketing state is not included in the list", "INCLUSION");
  }
  const now = isoSeconds(context.clock.now());
  applyChanges(context.state, existing, { emailMarketingConsent: input.emailMarketingConsent }, now);
  context.shop.saveCustomer(existing);
  context.state.changed();
  return { customer: existing, userErrors: [] };
}
