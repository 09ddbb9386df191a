import { VALIDATION_API_TYPE } from "../app";
import { isoSeconds } from "../clock";
import { typeResolvers, type ResolverContext } from "../graphql/execute";
import type { ShopifyFunctionRecord, ValidationRecord } from "../state";
import { idOrdering, paginate, type Ordering, type PageArgs } from "./connection";
import { idOf, toGid } from "./gid";
import type { AppSource } from "./app";
import { applyMetafieldWrite, ownerMetafield, ownerMetafields, planMetafieldWrite, type MetafieldEntry, type PlannedWrite } from "./metafields";

// Cart and checkout validations (validationCreate/Update/Delete, validations, validation) and the
// Shopify Functions behind them (shopifyFunctions, shopifyFunction). Access scopes come from the
// schema's rules: the mutations need write_validations, Validation and ValidationUserError
// read_validations; shopifyFunctions needs none and lists only the calling app's functions.

/** "Cannot have more than 25 active validation functions." (ValidationUserErrorCode docs). */
export const MAX_ACTIVE_VALIDATIONS = 25;

interface ValidationUserError {
  field: string[] | null;
  message: string;
  code: string;
}

// Messages are the ValidationUserErrorCode descriptions from the 2026-10 schema.
const MESSAGES = {
  FUNCTION_NOT_FOUND: "Function not found.",
  FUNCTION_DOES_NOT_IMPLEMENT: "Function does not implement the required interface for this cart & checkout validation.",
  MAX_VALIDATIONS_ACTIVATED: `Cannot have more than ${MAX_ACTIVE_VALIDATIONS} active validation functions.`,
  MISSING_FUNCTION_IDENTIFIER: "Either function_id or function_handle must be provided.",
  MULTIPLE_FUNCTION_IDENTIFIERS: "Only one of function_id or function_handle can be provided, not both.",
  NOT_FOUND: "Validation not found.",
} as const;

function userError(code: keyof typeof MESSAGES, field: string[] | null): ValidationUserError {
  return { field, message: MESSAGES[code], code };
}

/** The calling app's deployed functions (control-API tokens are another app: none). */
function ownFunctions(context: ResolverContext): ShopifyFunctionRecord[] {
  return context.token.appKey === context.app.apiKey ? context.app.functions : [];
}

function functionOrdering(functions: ShopifyFunctionRecord[], reverse: boolean): Ordering<ShopifyFunctionRecord> {
  // Deployment order, with the position as the cursor id (function ids are UUIDs, not numbers).
  const position = new Map(functions.map((fn, index) => [fn.id, index + 1]));
  return {
    keyOf: (fn) => ({ id: position.get(fn.id) ?? 0, value: fn.id }),
    compare: (a, b) => (reverse ? b.id - a.id : a.id - b.id),
  };
}

export function shopifyFunctions(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const all = ownFunctions(context);
  const selected = all
    .filter((fn) => args.apiType == null || fn.apiType === args.apiType)
    .filter((fn) => args.useCreationUi == null || fn.useCreationUi === args.useCreationUi);
  const reverse = args.reverse === true;
  const ordered = reverse ? [...selected].reverse() : selected;
  return paginate(ordered, args as PageArgs, functionOrdering(all, reverse), (fn) => fn);
}

export function shopifyFunction(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  return ownFunctions(context).find((fn) => fn.id === args.id) ?? null;
}

export const shopifyFunctionResolvers = typeResolvers<ShopifyFunctionRecord>({
  id: (fn) => fn.id,
  handle: (fn) => fn.handle,
  apiType: (fn) => fn.apiType,
  apiVersion: (fn) => fn.apiVersion,
  title: (fn) => fn.title,
  description: (fn) => fn.description,
  appKey: (fn) => fn.appKey,
  useCreationUi: (fn) => fn.useCreationUi,
  inputQuery: (fn) => fn.inputQuery,
  app: (fn): AppSource => ({ appKey: fn.appKey }),
});

function activeCount(context: ResolverContext, except?: ValidationRecord): number {
  return context.shop.record.validations.filter((validation) => validation.enabled && validation !== except).length;
}

export function validations(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const reverse = args.reverse === true;
  const sorted = [...context.shop.record.validations].sort((a, b) => a.id - b.id);
  const ordered = reverse ? sorted.reverse() : sorted;
  return paginate(ordered, args as PageArgs, idOrdering<ValidationRecord>(reverse), (validation) => validation);
}

function findValidation(context: ResolverContext, id: unknown): ValidationRecord | undefined {
  const numeric = idOf(id, "Validation");
  return numeric === null ? undefined : context.shop.record.validations.find((validation) => validation.id === numeric);
}

export function validation(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  return findValidation(context, args.id) ?? null;
}

/** Validates `metafields` of a validation input without writing; errors point into the input. */
function planValidationMetafields(
  context: ResolverContext,
  owner: ValidationRecord | null,
  entries: MetafieldEntry[] | null | undefined,
): { writes: PlannedWrite[]; errors: ValidationUserError[] } {
  const writes: PlannedWrite[] = [];
  const errors: ValidationUserError[] = [];
  const claimed = new Map<string, number | null>();
  (entries ?? []).forEach((entry, index) => {
    const { write, problems } = planMetafieldWrite(context, owner, entry, index, claimed, "VALIDATION");
    for (const problem of problems) errors.push({ field: ["validation", "metafields", String(index), problem.field], message: problem.message, code: problem.code });
    if (write) writes.push(write);
  });
  return { writes, errors };
}

interface ValidationCreateInput {
  functionHandle?: string | null;
  functionId?: string | null;
  enable?: boolean | null;
  blockOnFailure?: boolean | null;
  title?: string | null;
  metafields?: MetafieldEntry[] | null;
}

export function validationCreate(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const input = args.validation as ValidationCreateInput;
  const fail = (...userErrors: ValidationUserError[]) => ({ validation: null, userErrors });
  const hasHandle = input.functionHandle != null;
  const hasId = input.functionId != null;
  if (hasHandle && hasId) return fail(userError("MULTIPLE_FUNCTION_IDENTIFIERS", ["validation"]));
  if (!hasHandle && !hasId) return fail(userError("MISSING_FUNCTION_IDENTIFIER", ["validation"]));
  // An app activates its own functions only; another app's function is as good as absent.
  const fn = ownFunctions(context).find((candidate) => (hasHandle ? candidate.handle === input.functionHandle : candidate.id === input.functionId));
  if (!fn) return fail(userError("FUNCTION_NOT_FOUND", ["validation", hasHandle ? "functionHandle" : "functionId"]));
  if (fn.apiType !== VALIDATION_API_TYPE) return fail(userError("FUNCTION_DOES_NOT_IMPLEMENT", ["validation", hasHandle ? "functionHandle" : "functionId"]));
  const enable = input.enable === true;
  if (enable && activeCount(context) >= MAX_ACTIVE_VALIDATIONS) return fail(userError("MAX_VALIDATIONS_ACTIVATED", ["validation", "enable"]));
  const { writes, errors } = planValidationMetafields(context, null, input.metafields);
  if (errors.length > 0) return fail(...errors);
  const now = isoSeconds(context.clock.now());
  const record: ValidationRecord = {
    id: context.state.nextId("validation"),
    title: input.title?.trim() || fn.title,
    enabled: enable,
    blockOnFailure: input.blockOnFailure === true,
    shopifyFunction: { ...fn },
    metafields: [],
    createdAt: now,
    updatedAt: now,
  };
  for (const write of writes) applyMetafieldWrite(context, record, write);
  context.shop.record.validations.push(record);
  context.state.changed();
  return { validation: record, userErrors: [] };
}

interface ValidationUpdateInput {
  enable?: boolean | null;
  blockOnFailure?: boolean | null;
  title?: string | null;
  metafields?: MetafieldEntry[] | null;
}

export function validationUpdate(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const input = args.validation as ValidationUpdateInput;
  const record = findValidation(context, args.id);
  if (!record) return { validation: null, userErrors: [userError("NOT_FOUND", ["id"])] };
  if (input.enable === true && !record.enabled && activeCount(context, record) >= MAX_ACTIVE_VALIDATIONS) {
    return { validation: null, userErrors: [userError("MAX_VALIDATIONS_ACTIVATED", ["validation", "enable"])] };
  }
  const { writes, errors } = planValidationMetafields(context, record, input.metafields);
  if (errors.length > 0) return { validation: null, userErrors: errors };
  // The schema gives `enable` and `blockOnFailure` a default of false, so graphql-js fills them in
  // when omitted: an update that leaves out `enable` switches the validation off, as the schema
  // says Shopify does. A title or metafields left out stay as they are.
  if (input.enable != null) record.enabled = input.enable;
  if (input.blockOnFailure != null) record.blockOnFailure = input.blockOnFailure;
  if (input.title != null && input.title.trim() !== "") record.title = input.title.trim();
  for (const write of writes) applyMetafieldWrite(context, record, write);
  record.updatedAt = isoSeconds(context.clock.now());
  context.state.changed();
  return { validation: record, userErrors: [] };
}

export function validationDelete(_source: unknown, args: Record<string, unknown>, context: ResolverContext) {
  const record = findValidation(context, args.id);
  if (!record) return { deletedId: null, userErrors: [userError("NOT_FOUND", ["id"])] };
  context.shop.record.validations = context.shop.record.validations.filter((candidate) => candidate !== record);
  context.state.changed();
  return { deletedId: toGid("Validation", record.id), userErrors: [] };
}

export const validationResolvers = typeResolvers<ValidationRecord>({
  id: (record) => toGid("Validation", record.id),
  title: (record) => record.title,
  enabled: (record) => record.enabled,
  blockOnFailure: (record) => record.blockOnFailure,
  shopifyFunction: (record) => record.shopifyFunction,
  // The twin never runs the function, so it never fails: no error history.
  errorHistory: () => null,
  metafield: (record, args, context) => ownerMetafield(record, "VALIDATION", args, context),
  metafields: (record, args, context) => ownerMetafields(record, "VALIDATION", args, context),
});
