import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness, type GraphqlBody } from "./test-support";

// Shopify B2B in the twin: companies, locations, contacts, roles and role assignments, with the
// userErrors a real store answers (README, "Shopify B2B"), the plan gate, and costs.

const PLUS = "b2b-plus.myshopify.com";
const BASIC = "b2b-basic.myshopify.com";

let harness: TwinHarness;
let token: string;
let basicToken: string;

beforeAll(async () => {
  harness = await TwinHarness.start();
  await harness.control("POST", "/shops", { shop: PLUS, plan: "plus" });
  token = await harness.adminToken(PLUS);
  await harness.control("POST", "/shops", { shop: BASIC, plan: "standard" });
  basicToken = await harness.adminToken(BASIC);
});
afterAll(() => harness.close());

async function gql(query: string, variables?: Record<string, unknown>, as = token): Promise<GraphqlBody> {
  const response = await harness.graphql(as, query, variables);
  expect(response.status).toBe(200);
  return response.body;
}

const ERRORS = "userErrors { field message code }";
let sequence = 0;
const unique = (label: string) => `${label}-${++sequence}`;

async function customer(email: string | null = `${unique("buyer")}@example.com`, phone?: string): Promise<string> {
  const body = await gql(`mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { message } } }`, {
    input: { email, phone, firstName: "B2B", lastName: unique("Buyer") },
  });
  expect(body.data!.customerCreate.userErrors).toEqual([]);
  return body.data!.customerCreate.customer.id;
}

interface Company {
  id: string;
  locations: string[];
  roles: Record<string, string>;
}

async function company(name = unique("Company"), extraLocations = 0): Promise<Company> {
  const body = await gql(
    `mutation($input: CompanyCreateInput!) { companyCreate(input: $input) { company { id locations(first: 5) { nodes { id } } contactRoles(first: 5) { nodes { id name } } } ${ERRORS} } }`,
    { input: { company: { name }, companyLocation: { name: `${name} HQ` } } },
  );
  const created = body.data!.companyCreate.company;
  const locations = created.locations.nodes.map((node: { id: string }) => node.id);
  for (let index = 0; index < extraLocations; index += 1) {
    const location = await gql(`mutation($id: ID!, $name: String!) { companyLocationCreate(companyId: $id, input: { name: $name }) { companyLocation { id } ${ERRORS} } }`, {
      id: created.id,
      name: `${name} branch ${index + 1}`,
    });
    locations.push(location.data!.companyLocationCreate.companyLocation.id);
  }
  const roles = Object.fromEntries(created.contactRoles.nodes.map((role: { id: string; name: string }) => [role.name, role.id]));
  return { id: created.id, locations, roles };
}

async function contact(of: Company, customerId?: string): Promise<string> {
  const body = await gql(`mutation($c: ID!, $u: ID!) { companyAssignCustomerAsContact(companyId: $c, customerId: $u) { companyContact { id } ${ERRORS} } }`, {
    c: of.id,
    u: customerId ?? (await customer()),
  });
  expect(body.data!.companyAssignCustomerAsContact.userErrors).toEqual([]);
  return body.data!.companyAssignCustomerAsContact.companyContact.id;
}

const ASSIGN_ROLES = `mutation($id: ID!, $roles: [CompanyContactRoleAssign!]!) {
  companyContactAssignRoles(companyContactId: $id, rolesToAssign: $roles) { roleAssignments { id role { name } companyLocation { id } } ${ERRORS} }
}`;

describe("companyCreate", () => {
  it("makes the company with Shopify's two roles, one location, and a main contact holding Ordering only there", async () => {
    const body = await gql(
      `mutation($input: CompanyCreateInput!) { companyCreate(input: $input) { company {
         id name note externalId contactsCount { count } locationsCount { count }
         defaultRole { name } contactRoles(first: 5) { nodes { name note } }
         locations(first: 5) { nodes { name company { name } } }
         mainContact { isMainContact title customer { email firstName } roleAssignments(first: 5) { nodes { role { name } companyLocation { name } } } }
       } ${ERRORS} } }`,
      {
        input: {
          company: { name: "Acme Wholesale", note: "Net 30", externalId: "acme-1" },
          companyContact: { email: "Lead.Buyer@Example.com", firstName: "Lead", title: "Buyer" },
          companyLocation: { name: "Acme HQ" },
        },
      },
    );
    expect(body.data!.companyCreate).toEqual({
      company: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Company\/\d{10}$/),
        name: "Acme Wholesale",
        note: "Net 30",
        externalId: "acme-1",
        contactsCount: { count: 1 },
        locationsCount: { count: 1 },
        defaultRole: { name: "Ordering only" },
        contactRoles: { nodes: [{ name: "Location admin", note: "System-defined Location admin role" }, { name: "Ordering only", note: "System-defined Ordering only role" }] },
        locations: { nodes: [{ name: "Acme HQ", company: { name: "Acme Wholesale" } }] },
        mainContact: {
          isMainContact: true,
          title: "Buyer",
          customer: { email: "lead.buyer@example.com", firstName: "Lead" },
          roleAssignments: { nodes: [{ role: { name: "Ordering only" }, companyLocation: { name: "Acme HQ" } }] },
        },
      },
      userErrors: [],
    });
    // A mutation costs 10 points, as the twin prices every mutation.
    expect(body.extensions!.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it("names the location after the company when none is given", async () => {
    const body = await gql(`mutation { companyCreate(input: { company: { name: "Nameless Location Co" } }) { company { locations(first: 2) { nodes { name } } mainContact { id } } ${ERRORS} } }`);
    expect(body.data!.companyCreate.company).toEqual({ locations: { nodes: [{ name: "Nameless Location Co" }] }, mainContact: null });
  });

  it("answers Shopify's userErrors and creates nothing", async () => {
    await customer("taken@example.com");
    const before = (await gql(`{ companiesCount { count } }`)).data!.companiesCount.count;
    const create = (input: unknown) => gql(`mutation($input: CompanyCreateInput!) { companyCreate(input: $input) { company { id } ${ERRORS} } }`, { input });
    expect((await create({ company: { name: " " } })).data!.companyCreate).toEqual({
      company: null,
      userErrors: [{ field: ["input", "company", "name"], message: "Name can't be blank", code: "BLANK" }],
    });
    expect((await create({ company: { name: "x".repeat(256) } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "company", "name"], message: "Name is too long (maximum is 255 characters)", code: "TOO_LONG" },
    ]);
    expect((await create({ company: { name: "Ok", externalId: "x".repeat(65) } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "company", "externalId"], message: "External Id must be 64 characters or less.", code: "TOO_LONG" },
    ]);
    expect((await create({ company: { name: "Ok", externalId: "has space" } })).data!.companyCreate.userErrors[0]).toMatchObject({
      field: ["input", "company", "externalId"],
      code: "INVALID",
    });
    expect((await create({ company: { name: "Ok", externalId: "acme-1" } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "company", "externalId"], message: "External id has already been taken.", code: "TAKEN" },
    ]);
    expect((await create({ company: { name: "Ok", note: "n".repeat(5001) } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "company", "notes"], message: "Notes is too long (maximum is 5000 characters)", code: "TOO_LONG" },
    ]);
    expect((await create({ company: { name: "Ok" }, companyContact: { firstName: "No email" } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "companyContact"], message: "Either the attribute email or customer_id must be provided", code: "INVALID" },
    ]);
    expect((await create({ company: { name: "Ok" }, companyContact: { email: "taken@example.com" } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "companyContact", "email"], message: "Email address has already been taken.", code: "TAKEN" },
    ]);
    expect((await create({ company: { name: "Ok" }, companyLocation: { phone: "12" } })).data!.companyCreate.userErrors).toEqual([
      { field: ["input", "companyLocation", "phone"], message: "Phone is invalid", code: "INVALID" },
    ]);
    expect((await gql(`{ companiesCount { count } }`)).data!.companiesCount.count).toBe(before);
  });

  it("refuses location fields it does not model instead of dropping them", async () => {
    const body = await gql(`mutation { companyCreate(input: { company: { name: "Addressed" }, companyLocation: { billingAddress: { address1: "1 Main St", countryCode: US } } }) { company { id } } }`);
    expect(body.data!.companyCreate).toBeNull();
    expect(body.errors![0]).toMatchObject({ message: expect.stringContaining("not implemented by the Shopify twin"), extensions: { code: "NOT_IMPLEMENTED_BY_TWIN" } });
  });
});

describe("companyLocationCreate and companyLocationDelete", () => {
  it("adds a location, refuses the company's last one, and deletes one with its role assignments", async () => {
    const acme = await company(unique("Locations"), 1);
    const buyer = await contact(acme);
    await gql(ASSIGN_ROLES, { id: buyer, roles: [{ companyLocationId: acme.locations[1], companyContactRoleId: acme.roles["Location admin"] }] });
    const deleted = await gql(`mutation($id: ID!) { companyLocationDelete(companyLocationId: $id) { deletedCompanyLocationId ${ERRORS} } }`, { id: acme.locations[1] });
    expect(deleted.data!.companyLocationDelete).toEqual({ deletedCompanyLocationId: acme.locations[1], userErrors: [] });
    const after = await gql(`query($id: ID!) { companyContact(id: $id) { roleAssignments(first: 5) { nodes { id } } } }`, { id: buyer });
    expect(after.data!.companyContact.roleAssignments.nodes).toEqual([]);
    const last = await gql(`mutation($id: ID!) { companyLocationDelete(companyLocationId: $id) { deletedCompanyLocationId ${ERRORS} } }`, { id: acme.locations[0] });
    expect(last.data!.companyLocationDelete).toEqual({
      deletedCompanyLocationId: null,
      userErrors: [{ field: ["companyLocationId"], message: "Failed to delete the company location.", code: "FAILED_TO_DELETE" }],
    });
    const unknown = await gql(`mutation { companyLocationDelete(companyLocationId: "gid://shopify/CompanyLocation/1") { deletedCompanyLocationId ${ERRORS} } }`);
    expect(unknown.data!.companyLocationDelete.userErrors).toEqual([{ field: ["companyLocationId"], message: "The company location doesn't exist.", code: "RESOURCE_NOT_FOUND" }]);
  });

  it("answers an unknown company, an empty input and a bad phone", async () => {
    const acme = await company();
    const create = (companyId: string, input: unknown) =>
      gql(`mutation($id: ID!, $input: CompanyLocationInput!) { companyLocationCreate(companyId: $id, input: $input) { companyLocation { id name } ${ERRORS} } }`, { id: companyId, input });
    expect((await create("gid://shopify/Company/1", { name: "x" })).data!.companyLocationCreate.userErrors).toEqual([
      { field: ["companyId"], message: "Company does not exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
    expect((await create(acme.id, {})).data!.companyLocationCreate.userErrors).toEqual([{ field: null, message: "Company location create input is empty.", code: "NO_INPUT" }]);
    expect((await create(acme.id, { name: "Depot", phone: "not a phone" })).data!.companyLocationCreate.userErrors).toEqual([
      { field: ["input", "phone"], message: "Phone is invalid", code: "INVALID" },
    ]);
    expect((await create(acme.id, { name: "Depot", phone: "+1 613 555 0100" })).data!.companyLocationCreate.companyLocation).toMatchObject({ name: "Depot" });
  });
});

describe("companyAssignCustomerAsContact", () => {
  it("makes a customer a contact once: a second company, or the same one again, is refused as Shopify does", async () => {
    const acme = await company();
    const other = await company();
    const buyerId = await customer();
    const assign = (companyId: string, customerId: string) =>
      gql(`mutation($c: ID!, $u: ID!) { companyAssignCustomerAsContact(companyId: $c, customerId: $u) { companyContact { id isMainContact company { id } customer { id } } ${ERRORS} } }`, {
        c: companyId,
        u: customerId,
      });
    const first = (await assign(acme.id, buyerId)).data!.companyAssignCustomerAsContact;
    expect(first).toMatchObject({ companyContact: { isMainContact: false, company: { id: acme.id }, customer: { id: buyerId } }, userErrors: [] });
    const alreadyContact = [{ field: ["companyId"], message: "Customer is already associated with a company contact.", code: "INVALID_INPUT" }];
    expect((await assign(acme.id, buyerId)).data!.companyAssignCustomerAsContact).toEqual({ companyContact: null, userErrors: alreadyContact });
    expect((await assign(other.id, buyerId)).data!.companyAssignCustomerAsContact).toEqual({ companyContact: null, userErrors: alreadyContact });
    // The existing contact is found from the customer.
    const profiles = await gql(`query($id: ID!) { customer(id: $id) { companyContactProfiles { id company { id } } } }`, { id: buyerId });
    expect(profiles.data!.customer.companyContactProfiles).toEqual([{ id: first.companyContact.id, company: { id: acme.id } }]);
  });

  it("answers unknown ids and a customer without an email", async () => {
    const acme = await company();
    const noEmail = await customer(null, "+16139451017");
    const assign = (companyId: string, customerId: string) =>
      gql(`mutation($c: ID!, $u: ID!) { companyAssignCustomerAsContact(companyId: $c, customerId: $u) { companyContact { id } ${ERRORS} } }`, { c: companyId, u: customerId });
    expect((await assign("gid://shopify/Company/1", "gid://shopify/Customer/1")).data!.companyAssignCustomerAsContact.userErrors).toEqual([
      { field: ["companyId"], message: "Company does not exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
    expect((await assign(acme.id, "gid://shopify/Customer/1")).data!.companyAssignCustomerAsContact.userErrors).toEqual([
      { field: ["customerId"], message: "Customer does not exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
    expect((await assign(acme.id, noEmail)).data!.companyAssignCustomerAsContact.userErrors).toEqual([
      { field: ["companyId"], message: "Customer must have an email address.", code: "INVALID_INPUT" },
    ]);
  });
});

describe("role assignments", () => {
  it("companyContactAssignRoles assigns each valid entry and reports the others", async () => {
    const acme = await company(unique("Roles"), 2);
    const other = await company();
    const buyer = await contact(acme);
    const body = await gql(ASSIGN_ROLES, {
      id: buyer,
      roles: [
        { companyLocationId: acme.locations[0], companyContactRoleId: acme.roles["Ordering only"] },
        { companyLocationId: "gid://shopify/CompanyLocation/1", companyContactRoleId: acme.roles["Ordering only"] },
        { companyLocationId: acme.locations[1], companyContactRoleId: other.roles["Location admin"] },
        { companyLocationId: other.locations[0], companyContactRoleId: acme.roles["Location admin"] },
        { companyLocationId: acme.locations[0], companyContactRoleId: acme.roles["Location admin"] },
        { companyLocationId: acme.locations[2], companyContactRoleId: acme.roles["Location admin"] },
      ],
    });
    expect(body.data!.companyContactAssignRoles.roleAssignments.map((assignment: { role: { name: string }; companyLocation: { id: string } }) => [assignment.companyLocation.id, assignment.role.name])).toEqual([
      [acme.locations[0], "Ordering only"],
      [acme.locations[2], "Location admin"],
    ]);
    expect(body.data!.companyContactAssignRoles.userErrors).toEqual([
      { field: ["rolesToAssign", "1", "companyLocationId"], message: "Resource requested does not exist.", code: "RESOURCE_NOT_FOUND" },
      { field: ["rolesToAssign", "2", "companyContactRoleId"], message: "Resource requested does not exist.", code: "RESOURCE_NOT_FOUND" },
      { field: ["rolesToAssign", "3", "companyLocationId"], message: "Resource requested does not exist.", code: "RESOURCE_NOT_FOUND" },
      { field: ["rolesToAssign", "4"], message: "Company contact has already been assigned a role in that company location.", code: "LIMIT_REACHED" },
    ]);
    const unknownContact = await gql(ASSIGN_ROLES, { id: "gid://shopify/CompanyContact/1", roles: [] });
    expect(unknownContact.data!.companyContactAssignRoles).toEqual({
      roleAssignments: null,
      userErrors: [{ field: ["companyContactId"], message: "The company contact doesn't exist.", code: "RESOURCE_NOT_FOUND" }],
    });
  });

  it("companyContactAssignRole checks the location before the role, and one role per location", async () => {
    const acme = await company();
    const other = await company();
    const buyer = await contact(acme);
    const assign = (location: string, role: string) =>
      gql(`mutation($c: ID!, $l: ID!, $r: ID!) { companyContactAssignRole(companyContactId: $c, companyLocationId: $l, companyContactRoleId: $r) { companyContactRoleAssignment { role { name } } ${ERRORS} } }`, {
        c: buyer,
        l: location,
        r: role,
      });
    expect((await assign(acme.locations[0]!, acme.roles["Location admin"]!)).data!.companyContactAssignRole).toEqual({
      companyContactRoleAssignment: { role: { name: "Location admin" } },
      userErrors: [],
    });
    expect((await assign(acme.locations[0]!, acme.roles["Ordering only"]!)).data!.companyContactAssignRole.userErrors).toEqual([
      { field: null, message: "Company contact has already been assigned a role in that company location.", code: "LIMIT_REACHED" },
    ]);
    expect((await assign(other.locations[0]!, "gid://shopify/CompanyContactRole/1")).data!.companyContactAssignRole.userErrors).toEqual([
      { field: ["companyLocationId"], message: "The company location doesn't exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
    expect((await assign(acme.locations[0]!, other.roles["Location admin"]!)).data!.companyContactAssignRole.userErrors).toEqual([
      { field: ["companyContactRoleId"], message: "The company contact role doesn't exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
  });

  it("companyLocationAssignRoles and companyLocationRevokeRoles work from the location's side", async () => {
    const acme = await company();
    const other = await company();
    const buyer = await contact(acme);
    const outsider = await contact(other);
    const body = await gql(
      `mutation($l: ID!, $roles: [CompanyLocationRoleAssign!]!) { companyLocationAssignRoles(companyLocationId: $l, rolesToAssign: $roles) { roleAssignments { id companyContact { id } } ${ERRORS} } }`,
      {
        l: acme.locations[0],
        roles: [
          { companyContactId: buyer, companyContactRoleId: acme.roles["Ordering only"] },
          { companyContactId: outsider, companyContactRoleId: acme.roles["Ordering only"] },
          { companyContactId: buyer, companyContactRoleId: "gid://shopify/CompanyContactRole/1" },
        ],
      },
    );
    const { roleAssignments, userErrors } = body.data!.companyLocationAssignRoles;
    expect(roleAssignments).toEqual([{ id: expect.any(String), companyContact: { id: buyer } }]);
    expect(userErrors).toEqual([
      { field: ["rolesToAssign", "1"], message: "Company contact does not exist.", code: "RESOURCE_NOT_FOUND" },
      { field: ["rolesToAssign", "2"], message: "Company role does not exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
    const revoke = (location: string, ids: string[]) =>
      gql(`mutation($l: ID!, $ids: [ID!]!) { companyLocationRevokeRoles(companyLocationId: $l, rolesToRevoke: $ids) { revokedRoleAssignmentIds ${ERRORS} } }`, { l: location, ids });
    expect((await revoke(other.locations[0]!, [roleAssignments[0].id])).data!.companyLocationRevokeRoles).toEqual({
      revokedRoleAssignmentIds: [],
      userErrors: [{ field: ["rolesToRevoke", "0"], message: "Resource requested does not exist.", code: "RESOURCE_NOT_FOUND" }],
    });
    expect((await revoke(acme.locations[0]!, [roleAssignments[0].id])).data!.companyLocationRevokeRoles).toEqual({ revokedRoleAssignmentIds: [roleAssignments[0].id], userErrors: [] });
    expect((await revoke("gid://shopify/CompanyLocation/1", [])).data!.companyLocationRevokeRoles.userErrors).toEqual([
      { field: ["companyLocationId"], message: "Location does not exist.", code: "RESOURCE_NOT_FOUND" },
    ]);
  });

  it("companyContactRevokeRoles revokes the contact's own assignments, partially, or all", async () => {
    const acme = await company(unique("Revoke"), 2);
    const buyer = await contact(acme);
    const colleague = await contact(acme);
    const assigned = await gql(ASSIGN_ROLES, { id: buyer, roles: acme.locations.map((location) => ({ companyLocationId: location, companyContactRoleId: acme.roles["Ordering only"] })) });
    const ids = assigned.data!.companyContactAssignRoles.roleAssignments.map((assignment: { id: string }) => assignment.id);
    const theirs = (await gql(ASSIGN_ROLES, { id: colleague, roles: [{ companyLocationId: acme.locations[0], companyContactRoleId: acme.roles["Ordering only"] }] })).data!
      .companyContactAssignRoles.roleAssignments[0].id;
    const revoke = (variables: Record<string, unknown>) =>
      gql(`mutation($c: ID!, $ids: [ID!], $all: Boolean) { companyContactRevokeRoles(companyContactId: $c, roleAssignmentIds: $ids, revokeAll: $all) { revokedRoleAssignmentIds ${ERRORS} } }`, variables);
    expect((await revoke({ c: buyer, ids: [theirs, ids[0]] })).data!.companyContactRevokeRoles).toEqual({
      revokedRoleAssignmentIds: [ids[0]],
      userErrors: [{ field: ["roleAssignmentIds", "0"], message: "Resource requested does not exist.", code: "RESOURCE_NOT_FOUND" }],
    });
    expect((await revoke({ c: buyer, ids: [] })).data!.companyContactRevokeRoles).toEqual({
      revokedRoleAssignmentIds: null,
      userErrors: [{ field: null, message: "Invalid input.", code: "INVALID_INPUT" }],
    });
    expect((await revoke({ c: buyer, all: true })).data!.companyContactRevokeRoles).toEqual({ revokedRoleAssignmentIds: ids.slice(1), userErrors: [] });
    const single = await gql(`mutation($c: ID!, $a: ID!) { companyContactRevokeRole(companyContactId: $c, companyContactRoleAssignmentId: $a) { revokedCompanyContactRoleAssignmentId ${ERRORS} } }`, {
      c: buyer,
      a: theirs,
    });
    expect(single.data!.companyContactRevokeRole).toEqual({
      revokedCompanyContactRoleAssignmentId: null,
      userErrors: [{ field: ["companyContactRoleAssignmentId"], message: "The role assignment doesn't exist.", code: "RESOURCE_NOT_FOUND" }],
    });
  });

  it("a location holds at most the shop's limit of contacts (Shopify documents 50)", async () => {
    const shop = "b2b-limits.myshopify.com";
    const created = await harness.control("POST", "/shops", { shop, plan: "plus" });
    expect(created.body).toMatchObject({ b2bLimits: { contactsPerLocation: 50, contactsPerCompany: 10000, locationsPerCompany: 10000 } });
    await harness.control("POST", "/shops", { shop, b2bLimits: { contactsPerLocation: 2 } });
    const limitedToken = await harness.adminToken(shop);
    const seeded = await harness.control<{ gid: string; locations: Array<{ gid: string }>; roles: Array<{ gid: string; name: string }> }>("POST", `/shops/${shop}/companies`, { name: "Small Co" });
    const orderingOnly = seeded.body.roles.find((role) => role.name === "Ordering only")!.gid;
    const results = [];
    for (let index = 0; index < 3; index += 1) {
      const person = await harness.control<{ gid: string }>("POST", `/shops/${shop}/customers`, { email: `limit-${index}@example.com` });
      const member = await harness.control<{ gid: string }>("POST", `/shops/${shop}/companies/${encodeURIComponent(seeded.body.gid)}/contacts`, { customerId: person.body.gid });
      results.push(await gql(ASSIGN_ROLES, { id: member.body.gid, roles: [{ companyLocationId: seeded.body.locations[0]!.gid, companyContactRoleId: orderingOnly }] }, limitedToken));
    }
    expect(results.map((result) => result.data!.companyContactAssignRoles.roleAssignments.length)).toEqual([1, 1, 0]);
    expect(results[2]!.data!.companyContactAssignRoles.userErrors).toEqual([
      { field: ["rolesToAssign", "0"], message: "A company location can have a maximum of 2 customers.", code: "LIMIT_REACHED" },
    ]);
  });
});

describe("removing contacts and companies", () => {
  it("companyContactRemoveFromCompany removes the contact and its roles, keeps the customer, and frees them to join again", async () => {
    const body = await gql(`mutation { companyCreate(input: { company: { name: "Remove Co" }, companyContact: { email: "main-remove@example.com" } }) { company { id mainContact { id customer { id } } } } }`);
    const { id: companyId, mainContact } = body.data!.companyCreate.company;
    const removed = await gql(`mutation($id: ID!) { companyContactRemoveFromCompany(companyContactId: $id) { removedCompanyContactId ${ERRORS} } }`, { id: mainContact.id });
    expect(removed.data!.companyContactRemoveFromCompany).toEqual({ removedCompanyContactId: mainContact.id, userErrors: [] });
    const read = await gql(
      `query($c: ID!, $u: ID!, $contact: ID!) { company(id: $c) { mainContact { id } contactsCount { count } locations(first: 1) { nodes { roleAssignments(first: 5) { nodes { id } } } } }
         customer(id: $u) { email companyContactProfiles { id } } companyContact(id: $contact) { id } }`,
      { c: companyId, u: mainContact.customer.id, contact: mainContact.id },
    );
    expect(read.data).toEqual({
      company: { mainContact: null, contactsCount: { count: 0 }, locations: { nodes: [{ roleAssignments: { nodes: [] } }] } },
      customer: { email: "main-remove@example.com", companyContactProfiles: [] },
      companyContact: null,
    });
    const again = await gql(`mutation($c: ID!, $u: ID!) { companyAssignCustomerAsContact(companyId: $c, customerId: $u) { ${ERRORS} } }`, { c: companyId, u: mainContact.customer.id });
    expect(again.data!.companyAssignCustomerAsContact.userErrors).toEqual([]);
    const unknown = await gql(`mutation { companyContactRemoveFromCompany(companyContactId: "gid://shopify/CompanyContact/1") { removedCompanyContactId ${ERRORS} } }`);
    expect(unknown.data!.companyContactRemoveFromCompany.userErrors).toEqual([{ field: ["companyContactId"], message: "The company contact doesn't exist.", code: "RESOURCE_NOT_FOUND" }]);
  });

  it("companyContactDelete refuses a contact with orders and deletes one without", async () => {
    const seeded = await harness.control<{ gid: string }>("POST", `/shops/${PLUS}/companies`, { name: unique("Orders Co") });
    const person = await harness.control<{ gid: string }>("POST", `/shops/${PLUS}/customers`, { email: `${unique("ordering")}@example.com` });
    const withOrders = await harness.control<{ gid: string }>("POST", `/shops/${PLUS}/companies/${encodeURIComponent(seeded.body.gid)}/contacts`, { customerId: person.body.gid, ordersCount: 2 });
    const remove = (id: string) => gql(`mutation($id: ID!) { companyContactDelete(companyContactId: $id) { deletedCompanyContactId ${ERRORS} } }`, { id });
    expect((await remove(withOrders.body.gid)).data!.companyContactDelete).toEqual({
      deletedCompanyContactId: null,
      userErrors: [{ field: ["companyContactId"], message: "Cannot delete a company contact with existing orders or draft orders.", code: "FAILED_TO_DELETE" }],
    });
    const acme = await company();
    const buyer = await contact(acme);
    expect((await remove(buyer)).data!.companyContactDelete).toEqual({ deletedCompanyContactId: buyer, userErrors: [] });
    expect((await remove(buyer)).data!.companyContactDelete.userErrors[0]).toMatchObject({ code: "RESOURCE_NOT_FOUND" });
  });

  it("companyDelete removes locations, contacts and roles but not customers, unless the company has orders", async () => {
    const acme = await company();
    const buyerId = await customer();
    const buyer = await contact(acme, buyerId);
    const deleted = await gql(`mutation($id: ID!) { companyDelete(id: $id) { deletedCompanyId ${ERRORS} } }`, { id: acme.id });
    expect(deleted.data!.companyDelete).toEqual({ deletedCompanyId: acme.id, userErrors: [] });
    const read = await gql(`query($ids: [ID!]!, $u: ID!) { nodes(ids: $ids) { id } customer(id: $u) { id companyContactProfiles { id } } }`, {
      ids: [acme.id, acme.locations[0], buyer, acme.roles["Ordering only"]],
      u: buyerId,
    });
    expect(read.data).toEqual({ nodes: [null, null, null, null], customer: { id: buyerId, companyContactProfiles: [] } });
    const seeded = await harness.control<{ gid: string }>("POST", `/shops/${PLUS}/companies`, { name: unique("Ordered"), ordersCount: 1 });
    const blocked = await gql(`mutation($id: ID!) { companyDelete(id: $id) { deletedCompanyId ${ERRORS} } }`, { id: seeded.body.gid });
    expect(blocked.data!.companyDelete).toEqual({ deletedCompanyId: null, userErrors: [{ field: ["id"], message: "Failed to delete the company.", code: "FAILED_TO_DELETE" }] });
    const unknown = await gql(`mutation { companyDelete(id: "gid://shopify/Company/1") { deletedCompanyId ${ERRORS} } }`);
    expect(unknown.data!.companyDelete.userErrors).toEqual([{ field: ["id"], message: "Company does not exist.", code: "RESOURCE_NOT_FOUND" }]);
  });

  it("deleting a customer takes their contact and roles with them", async () => {
    const acme = await company();
    const buyerId = await customer();
    const buyer = await contact(acme, buyerId);
    await gql(ASSIGN_ROLES, { id: buyer, roles: [{ companyLocationId: acme.locations[0], companyContactRoleId: acme.roles["Ordering only"] }] });
    await gql(`mutation($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId } }`, { id: buyerId });
    const read = await gql(`query($c: ID!, $l: ID!) { companyContact(id: $c) { id } companyLocation(id: $l) { roleAssignments(first: 5) { nodes { id } } } }`, { c: buyer, l: acme.locations[0] });
    expect(read.data).toEqual({ companyContact: null, companyLocation: { roleAssignments: { nodes: [] } } });
  });
});

describe("queries", () => {
  it("companies searches, sorts and pages; companyLocations filters by company", async () => {
    const shop = "b2b-search.myshopify.com";
    await harness.control("POST", "/shops", { shop, plan: "plus" });
    const searchToken = await harness.adminToken(shop);
    for (const name of ["Gamma Supply", "Alpha Trading", "Beta Wholesale"]) await harness.control("POST", `/shops/${shop}/companies`, { name, externalId: name.split(" ")[0]!.toLowerCase() });
    const names = async (query: string, variables?: Record<string, unknown>) =>
      (await gql(query, variables, searchToken)).data!.companies.nodes.map((node: { name: string }) => node.name);
    expect(await names(`{ companies(first: 10, sortKey: NAME) { nodes { name } } }`)).toEqual(["Alpha Trading", "Beta Wholesale", "Gamma Supply"]);
    expect(await names(`{ companies(first: 10, sortKey: NAME, reverse: true) { nodes { name } } }`)).toEqual(["Gamma Supply", "Beta Wholesale", "Alpha Trading"]);
    expect(await names(`{ companies(first: 10, query: "name:\\"Beta Wholesale\\"") { nodes { name } } }`)).toEqual(["Beta Wholesale"]);
    expect(await names(`{ companies(first: 10, query: "external_id:gamma") { nodes { name } } }`)).toEqual(["Gamma Supply"]);
    expect(await names(`{ companies(first: 10, query: "alph") { nodes { name } } }`)).toEqual(["Alpha Trading"]);
    const page = await gql(`{ companies(first: 2, sortKey: NAME) { nodes { name } pageInfo { hasNextPage endCursor } } }`, undefined, searchToken);
    expect(page.data!.companies.pageInfo.hasNextPage).toBe(true);
    const next = await names(`query($after: String) { companies(first: 2, sortKey: NAME, after: $after) { nodes { name } } }`, { after: page.data!.companies.pageInfo.endCursor });
    expect(next).toEqual(["Gamma Supply"]);
    const warned = await gql(`{ companies(first: 5, query: "colour:red") { nodes { name } } }`, undefined, searchToken);
    expect(warned.extensions!.search).toEqual([{ path: ["companies"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query." }] }]);
    const beta = (await gql(`{ companies(first: 1, query: "name:Beta") { nodes { id } } }`, undefined, searchToken)).data!.companies.nodes[0].id;
    const locations = await gql(`query($q: String) { companyLocations(first: 10, query: $q) { nodes { company { name } } } companiesCount { count precision } }`, { q: `company_id:${beta.split("/").pop()}` }, searchToken);
    expect(locations.data).toEqual({ companyLocations: { nodes: [{ company: { name: "Beta Wholesale" } }] }, companiesCount: { count: 3, precision: "EXACT" } });
  });

  it("company.contacts finds a contact by email; node and nodes resolve every B2B type", async () => {
    const acme = await company();
    const email = `${unique("findme")}@example.com`;
    const buyer = await contact(acme, await customer(email));
    await contact(acme);
    const found = await gql(`query($id: ID!, $q: String) { company(id: $id) { contacts(first: 5, query: $q) { nodes { id } } } }`, { id: acme.id, q: `email:"${email}"` });
    expect(found.data!.company.contacts.nodes).toEqual([{ id: buyer }]);
    const assignment = (await gql(ASSIGN_ROLES, { id: buyer, roles: [{ companyLocationId: acme.locations[0], companyContactRoleId: acme.roles["Location admin"] }] })).data!.companyContactAssignRoles.roleAssignments[0].id;
    const nodes = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [acme.id, acme.locations[0], buyer, acme.roles["Location admin"], assignment, "gid://shopify/Company/1", "gid://shopify/Product/1"],
    });
    expect(nodes.data!.nodes.map((item: { __typename: string } | null) => item?.__typename ?? null)).toEqual([
      "Company",
      "CompanyLocation",
      "CompanyContact",
      "CompanyContactRole",
      "CompanyContactRoleAssignment",
      null,
      null,
    ]);
    const one = await gql(`query($id: ID!) { node(id: $id) { ... on CompanyContactRoleAssignment { role { name } company { id } } } }`, { id: assignment });
    expect(one.data!.node).toEqual({ role: { name: "Location admin" }, company: { id: acme.id } });
    const invalid = await gql(`{ node(id: "not-a-gid") { id } }`);
    expect(invalid.errors![0]!.message).toBe("Invalid global id 'not-a-gid'");
  });

  it("prices B2B reads with Shopify's calculated query cost", async () => {
    const body = await gql(`{ companies(first: 10) { nodes { id name locations(first: 5) { nodes { id name } } } } }`);
    // Requested: 2 + 10 × (1 + (2 + 5 × 1)); actual counts what came back.
    expect(body.extensions!.cost.requestedQueryCost).toBe(82);
    const companyCount = Math.min(10, body.data!.companies.nodes.length);
    const locationCount = body.data!.companies.nodes.reduce((sum: number, node: { locations: { nodes: unknown[] } }) => sum + node.locations.nodes.length, 0);
    expect(body.extensions!.cost.actualQueryCost).toBe(2 + companyCount * 3 + locationCount);
  });
});

describe("the plan gate", () => {
  it("reports the plan and B2B availability", async () => {
    const read = (as: string) => gql(`{ shop { plan { displayName publicDisplayName shopifyPlus partnerDevelopment } entitlements { b2b { enabled } } } }`, undefined, as);
    expect((await read(token)).data!.shop).toEqual({
      plan: { displayName: "Shopify Plus", publicDisplayName: "Plus", shopifyPlus: true, partnerDevelopment: false },
      entitlements: { b2b: { enabled: true } },
    });
    expect((await read(basicToken)).data!.shop).toEqual({
      plan: { displayName: "Basic", publicDisplayName: "Basic", shopifyPlus: false, partnerDevelopment: false },
      entitlements: { b2b: { enabled: false } },
    });
  });

  it("answers B2B mutations and reads on a shop without B2B with Shopify's access error, charging nothing for the mutation", async () => {
    const created = await gql(`mutation { companyCreate(input: { company: { name: "Not on Basic" } }) { company { id } ${ERRORS} } }`, undefined, basicToken);
    expect(created.data).toEqual({ companyCreate: null });
    expect(created.errors).toEqual([
      expect.objectContaining({
        message:
          "Access denied for companyCreate field. Required access: `write_customers` access scope or `write_companies` access scope. Also: The shop must have access to B2B. Some operations may require additional plan capabilities.",
        path: ["companyCreate"],
        extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);
    expect(created.extensions!.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 0 });
    const listed = await gql(`{ companies(first: 5) { nodes { id } } }`, undefined, basicToken);
    expect(listed.errors![0]).toMatchObject({ path: ["companies"], extensions: { code: "ACCESS_DENIED" } });
    // CompanyContact itself needs B2B (the schema's access rule), so even a customer's profiles are denied.
    const person = await harness.control<{ gid: string }>("POST", `/shops/${BASIC}/customers`, { email: "basic-buyer@example.com" });
    const profiles = await gql(`query($id: ID!) { customer(id: $id) { email companyContactProfiles { id } } }`, { id: person.body.gid }, basicToken);
    expect(profiles.errors![0]).toMatchObject({ path: ["customer", "companyContactProfiles"], extensions: { code: "ACCESS_DENIED" } });
  });

  it("a partner development store has B2B; a shop that drops to a plan without it loses access", async () => {
    const shop = "b2b-dev.myshopify.com";
    await harness.control("POST", "/shops", { shop, plan: "standard", partnerDevelopment: true });
    const devToken = await harness.adminToken(shop);
    const read = await gql(`{ shop { plan { partnerDevelopment shopifyPlus } entitlements { b2b { enabled } } } }`, undefined, devToken);
    expect(read.data!.shop).toEqual({ plan: { partnerDevelopment: true, shopifyPlus: false }, entitlements: { b2b: { enabled: true } } });
    const created = await gql(`mutation { companyCreate(input: { company: { name: "Dev Co" } }) { company { id } } }`, undefined, devToken);
    expect(created.data!.companyCreate.company.id).toMatch(/^gid:\/\/shopify\/Company\//);
    await harness.control("POST", "/shops", { shop, partnerDevelopment: false });
    const denied = await gql(`query($id: ID!) { company(id: $id) { name } }`, { id: created.data!.companyCreate.company.id }, devToken);
    expect(denied.errors![0]).toMatchObject({ path: ["company"], extensions: { code: "ACCESS_DENIED" } });
  });
});
