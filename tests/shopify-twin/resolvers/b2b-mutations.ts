import { isoSeconds } from "../clock";
import { notImplemented, type Args, type ResolverContext } from "../graphql/execute";
import type { B2BLimits, CompanyContactRecord, CompanyLocationRecord, CompanyRecord, RoleAssignmentRecord } from "../b2b-state";
import type { CustomerRecord, ShopState } from "../state";
import { applyChanges, newCustomerRecord, normalizeChanges, normalizePhone, shopProblems } from "./customer-input";
import { idOf, toGid } from "./gid";

// B2B mutations (companyCreate … companyContactDelete) with Shopify's BusinessCustomerUserError
// wording, codes and field paths as recorded from a real store (README, "Shopify B2B"). Every
// mutation checks fully before it writes; the bulk ones (…AssignRoles, …RevokeRoles) apply each
// valid entry and report the others, as Shopify's partial successes do.

type BusinessCustomerErrorCode =
  | "BLANK"
  | "FAILED_TO_DELETE"
  | "INTERNAL_ERROR"
  | "INVALID"
  | "INVALID_INPUT"
  | "LIMIT_REACHED"
  | "NO_INPUT"
  | "REQUIRED"
  | "RESOURCE_NOT_FOUND"
  | "TAKEN"
  | "TOO_LONG"
  | "UNEXPECTED_TYPE";

export interface BusinessCustomerUserError {
  field: string[] | null;
  message: string;
  code: BusinessCustomerErrorCode;
}

function userError(field: Array<string | number> | null, message: string, code: BusinessCustomerErrorCode): BusinessCustomerUserError {
  return { field: field && field.map(String), message, code };
}

export const MESSAGES = {
  companyNotFound: "Company does not exist.",
  customerNotFound: "Customer does not exist.",
  alreadyContact: "Customer is already associated with a company contact.",
  contactNeedsEmail: "Customer must have an email address.",
  contactNotFound: "The company contact doesn't exist.",
  locationNotFound: "The company location doesn't exist.",
  roleNotFound: "The company contact role doesn't exist.",
  alreadyAssigned: "Company contact has already been assigned a role in that company location.",
  resourceNotFound: "Resource requested does not exist.",
  locationNotFoundShort: "Location does not exist.",
  contactNotFoundShort: "Company contact does not exist.",
  roleNotFoundShort: "Company role does not exist.",
  assignmentNotFound: "The role assignment doesn't exist.",
  invalidInput: "Invalid input.",
  companyDeleteFailed: "Failed to delete the company.",
  locationDeleteFailed: "Failed to delete the company location.",
  contactDeleteBlocked: "Cannot delete a company contact with existing orders or draft orders.",
  locationInputEmpty: "Company location create input is empty.",
  contactEmailRequired: "Either the attribute email or customer_id must be provided",
  nameBlank: "Name can't be blank",
  nameTooLong: "Name is too long (maximum is 255 characters)",
  notesTooLong: "Notes is too long (maximum is 5000 characters)",
  externalIdTooLong: "External Id must be 64 characters or less.",
  externalIdInvalid: "External Id can only contain numbers, letters, and some special characters, including !@#$%^&*(){}[]\\/?<>_-~,.;:'`\"",
  externalIdTaken: "External id has already been taken.",
  phoneInvalid: "Phone is invalid",
  emailInvalid: "Email is invalid",
  emailTaken: "Email address has already been taken.",
  phoneTaken: "Phone number has already been taken.",
  localeInvalid: "Invalid locale format.",
} as const;

// Limits from Shopify's help center (B2B companies); their wording is the twin's own.
const limitMessages = {
  locationsPerCompany: (n: number) => `A company can have a maximum of ${n} company locations.`,
  contactsPerCompany: (n: number) => `A company can have a maximum of ${n} customers.`,
  contactsPerLocation: (n: number) => `A company location can have a maximum of ${n} customers.`,
} satisfies Record<keyof B2BLimits, (n: number) => string>;

/** What the B2B operations need: the control API seeds through the same functions. */
export type B2BScope = Pick<ResolverContext, "state" | "shop" | "clock">;

const MAX_NAME = 255;
const MAX_NOTE = 5000;
const MAX_EXTERNAL_ID = 64;
const EXTERNAL_ID = /^[A-Za-z0-9!@#$%^&*(){}[\]\\/?<>_\-~,.;:'`"]*$/;
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The two roles every Shopify company has (ids in this order; "Ordering only" is the default). */
export const SYSTEM_ROLES = ["Location admin", "Ordering only"] as const;
const DEFAULT_ROLE = "Ordering only";

export interface CompanyInput {
  name?: string | null;
  note?: string | null;
  externalId?: string | null;
  customerSince?: string | null;
}

export interface CompanyLocationInput {
  name?: string | null;
  note?: string | null;
  externalId?: string | null;
  phone?: string | null;
  locale?: string | null;
}

interface CompanyContactInput {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  locale?: string | null;
  phone?: string | null;
  title?: string | null;
}

// Parts of the B2B inputs the twin does not keep (addresses, checkout and tax settings): a caller
// that sends them is told so instead of having them silently dropped.
const UNMODELLED_LOCATION_FIELDS = ["billingAddress", "shippingAddress", "billingSameAsShipping", "buyerExperienceConfiguration", "taxExempt", "taxExemptions", "taxRegistrationId"];

function refuseUnmodelled(input: object, fields: string[], where: string): void {
  for (const field of fields) {
    if ((input as Record<string, unknown>)[field] != null) throw notImplemented(`${where}.${field}`);
  }
}

function now(scope: B2BScope): string {
  return isoSeconds(scope.clock.now());
}

function limitsOf(shop: ShopState): B2BLimits {
  return shop.record.b2bLimits;
}

function externalIdProblems(value: string | null | undefined, field: string[], taken: boolean): BusinessCustomerUserError[] {
  if (value == null || value === "") return [];
  if (value.length > MAX_EXTERNAL_ID) return [userError(field, MESSAGES.externalIdTooLong, "TOO_LONG")];
  if (!EXTERNAL_ID.test(value)) return [userError(field, MESSAGES.externalIdInvalid, "INVALID")];
  return taken ? [userError(field, MESSAGES.externalIdTaken, "TAKEN")] : [];
}

function companyProblems(shop: ShopState, input: CompanyInput, prefix: string[]): BusinessCustomerUserError[] {
  const problems: BusinessCustomerUserError[] = [];
  const name = input.name?.trim() ?? "";
  if (!name) problems.push(userError([...prefix, "name"], MESSAGES.nameBlank, "BLANK"));
  else if (name.length > MAX_NAME) problems.push(userError([...prefix, "name"], MESSAGES.nameTooLong, "TOO_LONG"));
  if ((input.note?.length ?? 0) > MAX_NOTE) problems.push(userError([...prefix, "notes"], MESSAGES.notesTooLong, "TOO_LONG"));
  const taken = [...shop.b2b.companies.values()].some((company) => company.externalId !== null && company.externalId === input.externalId);
  problems.push(...externalIdProblems(input.externalId, [...prefix, "externalId"], taken));
  return problems;
}

function locationProblems(shop: ShopState, input: CompanyLocationInput, prefix: string[]): BusinessCustomerUserError[] {
  const problems: BusinessCustomerUserError[] = [];
  if ((input.name?.trim().length ?? 0) > MAX_NAME) problems.push(userError([...prefix, "name"], MESSAGES.nameTooLong, "TOO_LONG"));
  if ((input.note?.length ?? 0) > MAX_NOTE) problems.push(userError([...prefix, "notes"], MESSAGES.notesTooLong, "TOO_LONG"));
  const taken = [...shop.b2b.locations.values()].some((location) => location.externalId !== null && location.externalId === input.externalId);
  problems.push(...externalIdProblems(input.externalId, [...prefix, "externalId"], taken));
  if (input.phone != null && input.phone.trim() !== "" && normalizePhone(input.phone) === null) {
    problems.push(userError([...prefix, "phone"], MESSAGES.phoneInvalid, "INVALID"));
  }
  if (input.locale != null && !LOCALE.test(input.locale)) problems.push(userError([...prefix, "locale"], MESSAGES.localeInvalid, "INVALID"));
  return problems;
}

/** The contact companyCreate makes: a new customer, validated like the customer mutations with B2B wording. */
function contactProblems(shop: ShopState, input: CompanyContactInput, prefix: string[]) {
  if (!input.email?.trim()) return { problems: [userError(prefix, MESSAGES.contactEmailRequired, "INVALID")], changes: null };
  const { changes, problems: inputProblems } = normalizeChanges({
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    phone: input.phone,
    locale: input.locale,
  });
  const wording: Record<string, string> = {
    "email INVALID": MESSAGES.emailInvalid,
    "email TAKEN": MESSAGES.emailTaken,
    "phone INVALID": MESSAGES.phoneInvalid,
    "phone TAKEN": MESSAGES.phoneTaken,
    "locale INVALID": MESSAGES.localeInvalid,
  };
  const problems = [...inputProblems, ...shopProblems(shop, changes, null)].map((problem) => {
    const key = `${problem.field[0]} ${problem.code}`;
    return userError([...prefix, ...problem.field], wording[key] ?? problem.message, problem.code === "TAKEN" ? "TAKEN" : problem.code === "TOO_LONG" ? "TOO_LONG" : "INVALID");
  });
  return { problems, changes };
}

function newLocation(scope: B2BScope, company: CompanyRecord, input: CompanyLocationInput): CompanyLocationRecord {
  const at = now(scope);
  const location: CompanyLocationRecord = {
    id: scope.state.nextId("companyLocation"),
    companyId: company.id,
    // Without a name Shopify names the location after its company.
    name: input.name?.trim() || company.name,
    note: input.note ?? null,
    externalId: input.externalId || null,
    phone: input.phone ? normalizePhone(input.phone) : null,
    locale: input.locale ?? "en",
    ordersCount: 0,
    createdAt: at,
    updatedAt: at,
  };
  scope.shop.b2b.addLocation(location);
  return location;
}

function newContact(scope: B2BScope, company: CompanyRecord, customer: CustomerRecord, title: string | null): CompanyContactRecord {
  const at = now(scope);
  const contact: CompanyContactRecord = {
    id: scope.state.nextId("companyContact"),
    companyId: company.id,
    customerId: customer.id,
    title,
    locale: customer.locale,
    ordersCount: 0,
    createdAt: at,
    updatedAt: at,
  };
  scope.shop.b2b.addContact(contact);
  return contact;
}

function newAssignment(scope: B2BScope, contact: CompanyContactRecord, locationId: number, roleId: number): RoleAssignmentRecord {
  const at = now(scope);
  const assignment: RoleAssignmentRecord = {
    id: scope.state.nextId("companyContactRoleAssignment"),
    companyId: contact.companyId,
    contactId: contact.id,
    locationId,
    roleId,
    createdAt: at,
    updatedAt: at,
  };
  scope.shop.b2b.addAssignment(assignment);
  return assignment;
}

export interface CompanyCreateInput {
  company: CompanyInput;
  companyContact?: CompanyContactInput | null;
  companyLocation?: CompanyLocationInput | null;
}

/** companyCreate: the company, its two system roles (plus `extraRoles`), one location, and optionally a main contact. */
export function createCompany(
  scope: B2BScope,
  input: CompanyCreateInput,
  extraRoles: string[] = [],
): { company: CompanyRecord; userErrors: [] } | { company: null; userErrors: BusinessCustomerUserError[] } {
  const { shop, state } = scope;
  if (input.companyLocation) refuseUnmodelled(input.companyLocation, UNMODELLED_LOCATION_FIELDS, "CompanyCreateInput.companyLocation");
  const problems = companyProblems(shop, input.company, ["input", "company"]);
  if (input.companyLocation) problems.push(...locationProblems(shop, input.companyLocation, ["input", "companyLocation"]));
  const contactInput = input.companyContact ?? null;
  const contact = contactInput ? contactProblems(shop, contactInput, ["input", "companyContact"]) : null;
  if (contact) problems.push(...contact.problems);
  if (problems.length > 0) return { company: null, userErrors: problems };

  const at = now(scope);
  const company: CompanyRecord = {
    id: state.nextId("company"),
    name: input.company.name!.trim(),
    note: input.company.note ?? null,
    externalId: input.company.externalId || null,
    customerSince: input.company.customerSince ? isoSeconds(Date.parse(input.company.customerSince)) : at,
    mainContactId: null,
    ordersCount: 0,
    createdAt: at,
    updatedAt: at,
  };
  shop.b2b.addCompany(company);
  for (const name of [...SYSTEM_ROLES, ...extraRoles]) {
    const system = (SYSTEM_ROLES as readonly string[]).includes(name);
    shop.b2b.addRole({ id: state.nextId("companyContactRole"), companyId: company.id, name, note: system ? `System-defined ${name} role` : null });
  }
  const location = newLocation(scope, company, input.companyLocation ?? {});
  if (contactInput && contact?.changes) {
    const customer = newCustomerRecord(state, at);
    applyChanges(state, customer, contact.changes, at);
    shop.saveCustomer(customer);
    const mainContact = newContact(scope, company, customer, contactInput.title ?? null);
    company.mainContactId = mainContact.id;
    // The main contact gets the company's default role at the location created with it.
    newAssignment(scope, mainContact, location.id, defaultRoleOf(shop, company.id).id);
  }
  state.changed();
  return { company, userErrors: [] };
}

export function defaultRoleOf(shop: ShopState, companyId: number) {
  return shop.b2b.rolesOf(companyId).find((role) => role.name === DEFAULT_ROLE)!;
}

/** companyLocationCreate (and the control API's seeding). */
export function createLocation(
  scope: B2BScope,
  company: CompanyRecord,
  input: CompanyLocationInput,
): { companyLocation: CompanyLocationRecord; userErrors: [] } | { companyLocation: null; userErrors: BusinessCustomerUserError[] } {
  refuseUnmodelled(input, UNMODELLED_LOCATION_FIELDS, "CompanyLocationInput");
  const limit = limitsOf(scope.shop).locationsPerCompany;
  if (scope.shop.b2b.locationCount(company.id) >= limit) {
    return { companyLocation: null, userErrors: [userError(["companyId"], limitMessages.locationsPerCompany(limit), "LIMIT_REACHED")] };
  }
  const problems = locationProblems(scope.shop, input, ["input"]);
  if (problems.length > 0) return { companyLocation: null, userErrors: problems };
  const location = newLocation(scope, company, input);
  scope.state.changed();
  return { companyLocation: location, userErrors: [] };
}

/** companyAssignCustomerAsContact (and the control API's seeding). */
export function assignCustomerAsContact(
  scope: B2BScope,
  company: CompanyRecord,
  customer: CustomerRecord,
  title: string | null = null,
): { companyContact: CompanyContactRecord; userErrors: [] } | { companyContact: null; userErrors: BusinessCustomerUserError[] } {
  const b2b = scope.shop.b2b;
  const fail = (...userErrors: BusinessCustomerUserError[]) => ({ companyContact: null, userErrors });
  // A customer is a contact of one company at most, whichever company asks.
  if (b2b.contactOfCustomer(customer.id)) return fail(userError(["companyId"], MESSAGES.alreadyContact, "INVALID_INPUT"));
  if (!customer.email) return fail(userError(["companyId"], MESSAGES.contactNeedsEmail, "INVALID_INPUT"));
  const limit = limitsOf(scope.shop).contactsPerCompany;
  if (b2b.contactCount(company.id) >= limit) return fail(userError(["companyId"], limitMessages.contactsPerCompany(limit), "LIMIT_REACHED"));
  const contact = newContact(scope, company, customer, title);
  scope.state.changed();
  return { companyContact: contact, userErrors: [] };
}

function findCompany(shop: ShopState, id: unknown): CompanyRecord | undefined {
  const numeric = idOf(id, "Company");
  return numeric === null ? undefined : shop.b2b.companies.get(numeric);
}

function findLocation(shop: ShopState, id: unknown): CompanyLocationRecord | undefined {
  const numeric = idOf(id, "CompanyLocation");
  return numeric === null ? undefined : shop.b2b.locations.get(numeric);
}

function findContact(shop: ShopState, id: unknown): CompanyContactRecord | undefined {
  const numeric = idOf(id, "CompanyContact");
  return numeric === null ? undefined : shop.b2b.contacts.get(numeric);
}

function findRole(shop: ShopState, id: unknown, companyId: number) {
  const numeric = idOf(id, "CompanyContactRole");
  const role = numeric === null ? undefined : shop.b2b.roles.get(numeric);
  return role?.companyId === companyId ? role : undefined;
}

/** A location of the company, or undefined (another company's location is as good as absent). */
function locationOf(shop: ShopState, id: unknown, companyId: number): CompanyLocationRecord | undefined {
  const location = findLocation(shop, id);
  return location?.companyId === companyId ? location : undefined;
}

function assignmentOf(shop: ShopState, id: unknown, where: (assignment: RoleAssignmentRecord) => boolean): RoleAssignmentRecord | undefined {
  const numeric = idOf(id, "CompanyContactRoleAssignment");
  const assignment = numeric === null ? undefined : shop.b2b.roleAssignments.get(numeric);
  return assignment && where(assignment) ? assignment : undefined;
}

/** Why a contact cannot get a role at a location it is free to have one at, or null. */
function capacityProblem(scope: B2BScope, locationId: number, field: Array<string | number> | null): BusinessCustomerUserError | null {
  const limit = limitsOf(scope.shop).contactsPerLocation;
  return scope.shop.b2b.contactsAtLocation(locationId) >= limit ? userError(field, limitMessages.contactsPerLocation(limit), "LIMIT_REACHED") : null;
}

// ---- resolvers ------------------------------------------------------------------------------

export function companyCreate(_root: unknown, args: Args, context: ResolverContext) {
  return createCompany(context, args.input as CompanyCreateInput);
}

function hasOrders(shop: ShopState, company: CompanyRecord): boolean {
  return (
    company.ordersCount > 0 ||
    shop.b2b.locationsOf(company.id).some((location) => location.ordersCount > 0) ||
    shop.b2b.contactsOf(company.id).some((contact) => contact.ordersCount > 0)
  );
}

export function companyDelete(_root: unknown, args: Args, context: ResolverContext) {
  const fail = (error: BusinessCustomerUserError) => ({ deletedCompanyId: null, userErrors: [error] });
  const company = findCompany(context.shop, args.id);
  if (!company) return fail(userError(["id"], MESSAGES.companyNotFound, "RESOURCE_NOT_FOUND"));
  // Order history keeps a company (Shopify also keeps one with draft orders or store credit).
  if (hasOrders(context.shop, company)) return fail(userError(["id"], MESSAGES.companyDeleteFailed, "FAILED_TO_DELETE"));
  context.shop.b2b.removeCompany(company.id);
  context.state.changed();
  return { deletedCompanyId: toGid("Company", company.id), userErrors: [] };
}

export function companyLocationCreate(_root: unknown, args: Args, context: ResolverContext) {
  const company = findCompany(context.shop, args.companyId);
  if (!company) return { companyLocation: null, userErrors: [userError(["companyId"], MESSAGES.companyNotFound, "RESOURCE_NOT_FOUND")] };
  const input = args.input as CompanyLocationInput;
  if (Object.values(input).every((value) => value == null)) {
    return { companyLocation: null, userErrors: [userError(null, MESSAGES.locationInputEmpty, "NO_INPUT")] };
  }
  return createLocation(context, company, input);
}

export function companyLocationDelete(_root: unknown, args: Args, context: ResolverContext) {
  const fail = (error: BusinessCustomerUserError) => ({ deletedCompanyLocationId: null, userErrors: [error] });
  const location = findLocation(context.shop, args.companyLocationId);
  if (!location) return fail(userError(["companyLocationId"], MESSAGES.locationNotFound, "RESOURCE_NOT_FOUND"));
  // A company keeps at least one location, and a location with orders stays.
  if (context.shop.b2b.locationCount(location.companyId) <= 1 || location.ordersCount > 0) {
    return fail(userError(["companyLocationId"], MESSAGES.locationDeleteFailed, "FAILED_TO_DELETE"));
  }
  context.shop.b2b.removeLocation(location.id);
  context.state.changed();
  return { deletedCompanyLocationId: toGid("CompanyLocation", location.id), userErrors: [] };
}

export function companyAssignCustomerAsContact(_root: unknown, args: Args, context: ResolverContext) {
  const company = findCompany(context.shop, args.companyId);
  if (!company) return { companyContact: null, userErrors: [userError(["companyId"], MESSAGES.companyNotFound, "RESOURCE_NOT_FOUND")] };
  const customerId = idOf(args.customerId, "Customer");
  const customer = customerId === null ? undefined : context.shop.getCustomer(customerId);
  if (!customer) return { companyContact: null, userErrors: [userError(["customerId"], MESSAGES.customerNotFound, "RESOURCE_NOT_FOUND")] };
  return assignCustomerAsContact(context, company, customer);
}

export function companyContactAssignRole(_root: unknown, args: Args, context: ResolverContext) {
  const fail = (error: BusinessCustomerUserError) => ({ companyContactRoleAssignment: null, userErrors: [error] });
  const contact = findContact(context.shop, args.companyContactId);
  if (!contact) return fail(userError(["companyContactId"], MESSAGES.contactNotFound, "RESOURCE_NOT_FOUND"));
  const location = locationOf(context.shop, args.companyLocationId, contact.companyId);
  if (!location) return fail(userError(["companyLocationId"], MESSAGES.locationNotFound, "RESOURCE_NOT_FOUND"));
  const role = findRole(context.shop, args.companyContactRoleId, contact.companyId);
  if (!role) return fail(userError(["companyContactRoleId"], MESSAGES.roleNotFound, "RESOURCE_NOT_FOUND"));
  if (context.shop.b2b.assignmentAt(contact.id, location.id)) return fail(userError(null, MESSAGES.alreadyAssigned, "LIMIT_REACHED"));
  const full = capacityProblem(context, location.id, ["companyLocationId"]);
  if (full) return fail(full);
  const assignment = newAssignment(context, contact, location.id, role.id);
  context.state.changed();
  return { companyContactRoleAssignment: assignment, userErrors: [] };
}

/** The shared part of the two bulk assigns: each entry on its own, earlier entries count as assigned. */
function assignEach(
  context: ResolverContext,
  entries: Array<{ contact: CompanyContactRecord | undefined; locationId: number | undefined; roleId: number | undefined; problem: BusinessCustomerUserError | null; index: number }>,
) {
  const created: RoleAssignmentRecord[] = [];
  const userErrors: BusinessCustomerUserError[] = [];
  for (const entry of entries) {
    if (entry.problem) {
      userErrors.push(entry.problem);
      continue;
    }
    const contact = entry.contact!;
    if (context.shop.b2b.assignmentAt(contact.id, entry.locationId!)) {
      userErrors.push(userError(["rolesToAssign", entry.index], MESSAGES.alreadyAssigned, "LIMIT_REACHED"));
      continue;
    }
    const full = capacityProblem(context, entry.locationId!, ["rolesToAssign", entry.index]);
    if (full) {
      userErrors.push(full);
      continue;
    }
    created.push(newAssignment(context, contact, entry.locationId!, entry.roleId!));
  }
  if (created.length > 0) context.state.changed();
  return { roleAssignments: created, userErrors };
}

export function companyContactAssignRoles(_root: unknown, args: Args, context: ResolverContext) {
  const contact = findContact(context.shop, args.companyContactId);
  if (!contact) return { roleAssignments: null, userErrors: [userError(["companyContactId"], MESSAGES.contactNotFound, "RESOURCE_NOT_FOUND")] };
  const requested = args.rolesToAssign as Array<{ companyContactRoleId: string; companyLocationId: string }>;
  if (requested.length === 0) return { roleAssignments: null, userErrors: [userError(null, MESSAGES.invalidInput, "INVALID_INPUT")] };
  return assignEach(
    context,
    requested.map((entry, index) => {
      const location = locationOf(context.shop, entry.companyLocationId, contact.companyId);
      const role = findRole(context.shop, entry.companyContactRoleId, contact.companyId);
      const problem = !location
        ? userError(["rolesToAssign", index, "companyLocationId"], MESSAGES.resourceNotFound, "RESOURCE_NOT_FOUND")
        : !role
          ? userError(["rolesToAssign", index, "companyContactRoleId"], MESSAGES.resourceNotFound, "RESOURCE_NOT_FOUND")
          : null;
      return { contact, locationId: location?.id, roleId: role?.id, problem, index };
    }),
  );
}

export function companyLocationAssignRoles(_root: unknown, args: Args, context: ResolverContext) {
  const location = findLocation(context.shop, args.companyLocationId);
  if (!location) return { roleAssignments: null, userErrors: [userError(["companyLocationId"], MESSAGES.locationNotFoundShort, "RESOURCE_NOT_FOUND")] };
  const requested = args.rolesToAssign as Array<{ companyContactId: string; companyContactRoleId: string }>;
  if (requested.length === 0) return { roleAssignments: null, userErrors: [userError(null, MESSAGES.invalidInput, "INVALID_INPUT")] };
  return assignEach(
    context,
    requested.map((entry, index) => {
      const found = findContact(context.shop, entry.companyContactId);
      const contact = found?.companyId === location.companyId ? found : undefined;
      const role = findRole(context.shop, entry.companyContactRoleId, location.companyId);
      const problem = !contact
        ? userError(["rolesToAssign", index], MESSAGES.contactNotFoundShort, "RESOURCE_NOT_FOUND")
        : !role
          ? userError(["rolesToAssign", index], MESSAGES.roleNotFoundShort, "RESOURCE_NOT_FOUND")
          : null;
      return { contact, locationId: location.id, roleId: role?.id, problem, index };
    }),
  );
}

export function companyContactRevokeRole(_root: unknown, args: Args, context: ResolverContext) {
  const fail = (error: BusinessCustomerUserError) => ({ revokedCompanyContactRoleAssignmentId: null, userErrors: [error] });
  const contact = findContact(context.shop, args.companyContactId);
  if (!contact) return fail(userError(["companyContactId"], MESSAGES.contactNotFound, "RESOURCE_NOT_FOUND"));
  const assignment = assignmentOf(context.shop, args.companyContactRoleAssignmentId, (candidate) => candidate.contactId === contact.id);
  if (!assignment) return fail(userError(["companyContactRoleAssignmentId"], MESSAGES.assignmentNotFound, "RESOURCE_NOT_FOUND"));
  context.shop.b2b.removeAssignment(assignment.id);
  context.state.changed();
  return { revokedCompanyContactRoleAssignmentId: toGid("CompanyContactRoleAssignment", assignment.id), userErrors: [] };
}

/** Revokes the listed assignments that pass `where`; the others are reported at [argument, index]. */
function revokeEach(context: ResolverContext, ids: string[], argument: string, where: (assignment: RoleAssignmentRecord) => boolean) {
  const revoked: string[] = [];
  const userErrors: BusinessCustomerUserError[] = [];
  ids.forEach((id, index) => {
    const assignment = assignmentOf(context.shop, id, where);
    if (!assignment) {
      userErrors.push(userError([argument, index], MESSAGES.resourceNotFound, "RESOURCE_NOT_FOUND"));
      return;
    }
    context.shop.b2b.removeAssignment(assignment.id);
    revoked.push(toGid("CompanyContactRoleAssignment", assignment.id));
  });
  if (revoked.length > 0) context.state.changed();
  return { revokedRoleAssignmentIds: revoked, userErrors };
}

export function companyContactRevokeRoles(_root: unknown, args: Args, context: ResolverContext) {
  const contact = findContact(context.shop, args.companyContactId);
  if (!contact) return { revokedRoleAssignmentIds: null, userErrors: [userError(["companyContactId"], MESSAGES.contactNotFound, "RESOURCE_NOT_FOUND")] };
  if (args.revokeAll === true) {
    const ids = context.shop.b2b.assignmentsOfContact(contact.id).map((assignment) => toGid("CompanyContactRoleAssignment", assignment.id));
    return revokeEach(context, ids, "roleAssignmentIds", () => true);
  }
  const ids = (args.roleAssignmentIds as string[] | null | undefined) ?? [];
  if (ids.length === 0) return { revokedRoleAssignmentIds: null, userErrors: [userError(null, MESSAGES.invalidInput, "INVALID_INPUT")] };
  return revokeEach(context, ids, "roleAssignmentIds", (assignment) => assignment.contactId === contact.id);
}

export function companyLocationRevokeRoles(_root: unknown, args: Args, context: ResolverContext) {
  const location = findLocation(context.shop, args.companyLocationId);
  if (!location) return { revokedRoleAssignmentIds: null, userErrors: [userError(["companyLocationId"], MESSAGES.locationNotFoundShort, "RESOURCE_NOT_FOUND")] };
  return revokeEach(context, args.rolesToRevoke as string[], "rolesToRevoke", (assignment) => assignment.locationId === location.id);
}

export function companyContactRemoveFromCompany(_root: unknown, args: Args, context: ResolverContext) {
  const contact = findContact(context.shop, args.companyContactId);
  if (!contact) return { removedCompanyContactId: null, userErrors: [userError(["companyContactId"], MESSAGES.contactNotFound, "RESOURCE_NOT_FOUND")] };
  // The customer stays; the contact, its role assignments and its main-contact place go.
  context.shop.b2b.removeContact(contact.id);
  context.state.changed();
  return { removedCompanyContactId: toGid("CompanyContact", contact.id), userErrors: [] };
}

export function companyContactDelete(_root: unknown, args: Args, context: ResolverContext) {
  const fail = (error: BusinessCustomerUserError) => ({ deletedCompanyContactId: null, userErrors: [error] });
  const contact = findContact(context.shop, args.companyContactId);
  if (!contact) return fail(userError(["companyContactId"], MESSAGES.contactNotFound, "RESOURCE_NOT_FOUND"));
  if (contact.ordersCount > 0) return fail(userError(["companyContactId"], MESSAGES.contactDeleteBlocked, "FAILED_TO_DELETE"));
  context.shop.b2b.removeContact(contact.id);
  context.state.changed();
  return { deletedCompanyContactId: toGid("CompanyContact", contact.id), userErrors: [] };
}

