import { z } from "zod";
import type { CompanyContactRecord, CompanyLocationRecord, CompanyRecord, RoleAssignmentRecord } from "./b2b-state";
import { HttpError } from "./http";
import { assignCustomerAsContact, createCompany, createLocation, type B2BScope, type BusinessCustomerUserError } from "./resolvers/b2b-mutations";
import { parseGid, toGid } from "./resolvers/gid";
import { b2bEnabled } from "./shops";
import type { ShopState } from "./state";

// The control API's B2B routes: seed companies, locations and contacts as a merchant would in the
// admin (validated like the API), list them, and delete a company or a location out from under
// the app. Seeding goes through the same functions as the GraphQL mutations.

const seedLocationSchema = z
  .object({ name: z.string().min(1).optional(), externalId: z.string().optional(), note: z.string().optional(), phone: z.string().optional(), ordersCount: z.number().int().min(0).optional() })
  .strict();

const seedCompanySchema = z
  .object({
    name: z.string(),
    externalId: z.string().optional(),
    note: z.string().optional(),
    ordersCount: z.number().int().min(0).optional(),
    /** Default: one location named after the company, as companyCreate makes. */
    locations: z.array(seedLocationSchema).min(1).optional(),
    /** Roles beyond Shopify's two ("Location admin", "Ordering only"). */
    extraRoles: z.array(z.string().min(1)).optional(),
  })
  .strict();

const seedContactSchema = z
  .object({
    customerId: z.union([z.string(), z.number().int()]),
    title: z.string().optional(),
    main: z.boolean().optional(),
    ordersCount: z.number().int().min(0).optional(),
    /** Role assignments: a location of the company (gid or id) and a role name of the company. */
    roles: z.array(z.object({ locationId: z.union([z.string(), z.number().int()]), role: z.string() }).strict()).optional(),
  })
  .strict();

export type ParseBody = <T extends z.ZodType>(schema: T, text: string) => z.output<T>;

function numericId(value: string | number, typeName: string): number | null {
  if (typeof value === "number") return value;
  if (/^\d+$/.test(value)) return Number(value);
  const gid = parseGid(value);
  return gid && gid.typeName === typeName ? gid.id : null;
}

function refuse(status: number, error: string, userErrors?: BusinessCustomerUserError[]): never {
  throw new HttpError(status, userErrors ? { error, userErrors } : { error });
}

function refuseUserErrors(userErrors: BusinessCustomerUserError[]): never {
  refuse(userErrors.some((problem) => problem.code === "TAKEN" || problem.code === "INVALID_INPUT") ? 409 : 400, "invalid B2B seed", userErrors);
}

function assignmentDump(shop: ShopState, assignment: RoleAssignmentRecord) {
  return {
    gid: toGid("CompanyContactRoleAssignment", assignment.id),
    location: toGid("CompanyLocation", assignment.locationId),
    role: shop.b2b.roles.get(assignment.roleId)?.name ?? null,
    createdAt: assignment.createdAt,
  };
}

function locationDump(location: CompanyLocationRecord) {
  return { gid: toGid("CompanyLocation", location.id), ...location };
}

function contactDump(shop: ShopState, contact: CompanyContactRecord) {
  return {
    gid: toGid("CompanyContact", contact.id),
    ...contact,
    customer: toGid("Customer", contact.customerId),
    email: shop.getCustomer(contact.customerId)?.email ?? null,
    main: shop.b2b.companies.get(contact.companyId)?.mainContactId === contact.id,
    roleAssignments: shop.b2b.assignmentsOfContact(contact.id).map((assignment) => assignmentDump(shop, assignment)),
  };
}

export function companyDump(shop: ShopState, company: CompanyRecord) {
  return {
    gid: toGid("Company", company.id),
    ...company,
    locations: shop.b2b.locationsOf(company.id).map(locationDump),
    contacts: shop.b2b.contactsOf(company.id).map((contact) => contactDump(shop, contact)),
    roles: shop.b2b.rolesOf(company.id).map((role) => ({ gid: toGid("CompanyContactRole", role.id), name: role.name })),
  };
}

function requireCompany(shop: ShopState, id: string): CompanyRecord {
  const numeric = numericId(id, "Company");
  const company = numeric === null ? undefined : shop.b2b.companies.get(numeric);
  if (!company) refuse(404, `unknown company ${id}`);
  return company;
}

function seedCompany(scope: B2BScope, text: string, parseBody: ParseBody) {
  const seed = parseBody(seedCompanySchema, text);
  const shop = scope.shop;
  if (!b2bEnabled(shop.record)) refuse(409, `${shop.domain} has no B2B (plan ${shop.record.plan}): create it with plan plus or enterprise, or partnerDevelopment`);
  const [{ ordersCount: firstOrders, ...first } = {}, ...more] = seed.locations ?? [];
  const created = createCompany(scope, { company: { name: seed.name, externalId: seed.externalId, note: seed.note }, companyLocation: first }, seed.extraRoles);
  if (!created.company) refuseUserErrors(created.userErrors);
  const company = created.company;
  company.ordersCount = seed.ordersCount ?? 0;
  shop.b2b.locationsOf(company.id)[0]!.ordersCount = firstOrders ?? 0;
  for (const { ordersCount, ...input } of more) {
    const location = createLocation(scope, company, input);
    if (!location.companyLocation) {
      shop.b2b.removeCompany(company.id);
      refuseUserErrors(location.userErrors);
    }
    location.companyLocation.ordersCount = ordersCount ?? 0;
  }
  scope.state.changed();
  return companyDump(shop, company);
}

function seedLocation(scope: B2BScope, company: CompanyRecord, text: string, parseBody: ParseBody) {
  const { ordersCount, ...input } = parseBody(seedLocationSchema, text);
  const created = createLocation(scope, company, input);
  if (!created.companyLocation) refuseUserErrors(created.userErrors);
  created.companyLocation.ordersCount = ordersCount ?? 0;
  scope.state.changed();
  return locationDump(created.companyLocation);
}

function seedContact(scope: B2BScope, company: CompanyRecord, text: string, parseBody: ParseBody) {
  const seed = parseBody(seedContactSchema, text);
  const shop = scope.shop;
  const customerId = numericId(seed.customerId, "Customer");
  const customer = customerId === null ? undefined : shop.getCustomer(customerId);
  if (!customer) refuse(404, `unknown customer ${seed.customerId}`);
  const roles = (seed.roles ?? []).map(({ locationId, role }) => {
    const location = shop.b2b.locations.get(numericId(locationId, "CompanyLocation") ?? -1);
    if (location?.companyId !== company.id) refuse(400, `location ${locationId} is not a location of ${toGid("Company", company.id)}`);
    const found = shop.b2b.rolesOf(company.id).find((candidate) => candidate.name === role);
    if (!found) refuse(400, `the company has no role "${role}"`);
    return { locationId: location.id, roleId: found.id };
  });
  if (new Set(roles.map((entry) => entry.locationId)).size !== roles.length) refuse(400, "one role per location");
  const created = assignCustomerAsContact(scope, company, customer, seed.title ?? null);
  if (!created.companyContact) refuseUserErrors(created.userErrors);
  const contact = created.companyContact;
  contact.ordersCount = seed.ordersCount ?? 0;
  if (seed.main) company.mainContactId = contact.id;
  const at = contact.createdAt;
  for (const { locationId, roleId } of roles) {
    shop.b2b.addAssignment({ id: scope.state.nextId("companyContactRoleAssignment"), companyId: company.id, contactId: contact.id, locationId, roleId, createdAt: at, updatedAt: at });
  }
  scope.state.changed();
  return contactDump(shop, contact);
}

/**
 * Routes under /__twin/shops/:shop/ that concern B2B, or null for any other route:
 * GET|POST companies, POST companies/:id/locations, POST companies/:id/contacts,
 * DELETE companies/:id, DELETE company-locations/:id.
 */
export function handleB2BControl(scope: B2BScope, method: string, rest: string[], text: string, parseBody: ParseBody): { status: number; body: unknown } | null {
  const shop = scope.shop;
  const [collection, id, sub] = rest;
  const route = `${method} ${[collection, id === undefined ? undefined : ":id", sub].filter(Boolean).join("/")}`;
  switch (route) {
    case "GET companies":
      return { status: 200, body: { b2b: b2bEnabled(shop.record), companies: [...shop.b2b.companies.values()].map((company) => companyDump(shop, company)) } };
    case "POST companies":
      return { status: 201, body: seedCompany(scope, text, parseBody) };
    case "POST companies/:id/locations":
      return { status: 201, body: seedLocation(scope, requireCompany(shop, id!), text, parseBody) };
    case "POST companies/:id/contacts":
      return { status: 201, body: seedContact(scope, requireCompany(shop, id!), text, parseBody) };
    case "DELETE companies/:id": {
      // The merchant deletes the company in the admin: no order checks, its contacts' customers stay.
      const company = requireCompany(shop, id!);
      shop.b2b.removeCompany(company.id);
      scope.state.changed();
      return { status: 200, body: { deleted: toGid("Company", company.id) } };
    }
    case "DELETE company-locations/:id": {
      const numeric = numericId(id!, "CompanyLocation");
      const location = numeric === null ? undefined : shop.b2b.locations.get(numeric);
      if (!location) refuse(404, `unknown company location ${id}`);
      if (shop.b2b.locationCount(location.companyId) <= 1) refuse(409, "a company keeps at least one location: delete the company instead");
      shop.b2b.removeLocation(location.id);
      scope.state.changed();
      return { status: 200, body: { deleted: toGid("CompanyLocation", location.id) } };
    }
    default:
      return null;
  }
}
