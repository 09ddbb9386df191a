import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TwinHarness } from "./test-support";

// The control API's B2B surface: seed companies, locations and contacts as a merchant would,
// delete them out from under the app, and set a shop's plan, B2B and Admin API restore rate.

const SHOP = "b2b-control.myshopify.com";

let harness: TwinHarness;
let token: string;

interface CompanyDump {
  gid: string;
  name: string;
  locations: Array<{ gid: string; name: string }>;
  roles: Array<{ gid: string; name: string }>;
  contacts: Array<{ gid: string; customer: string; main: boolean; roleAssignments: Array<{ location: string; role: string }> }>;
}

beforeAll(async () => {
  harness = await TwinHarness.start();
  await harness.control("POST", "/shops", { shop: SHOP, plan: "plus" });
  token = await harness.adminToken(SHOP);
});
afterAll(() => harness.close());

const path = (suffix: string) => `/shops/${SHOP}${suffix}`;

describe("control API: B2B", () => {
  it("seeds a company with locations and roles, lists it, and refuses what companyCreate would", async () => {
    const created = await harness.control<CompanyDump>("POST", path("/companies"), {
      name: "Seeded Wholesale",
      locations: [{ name: "North" }, { name: "South", externalId: "south-1" }],
      extraRoles: ["Approver"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      gid: expect.stringMatching(/^gid:\/\/shopify\/Company\/\d+$/),
      name: "Seeded Wholesale",
      locations: [{ name: "North" }, { name: "South", externalId: "south-1" }],
      roles: [{ name: "Location admin" }, { name: "Ordering only" }, { name: "Approver" }],
      contacts: [],
    });
    const listed = await harness.control<{ b2b: boolean; companies: CompanyDump[] }>("GET", path("/companies"));
    expect(listed.body.b2b).toBe(true);
    expect(listed.body.companies.map((company) => company.gid)).toContain(created.body.gid);
    const read = await harness.graphql(token, `query($id: ID!) { company(id: $id) { locations(first: 5) { nodes { name } } } }`, { id: created.body.gid });
    expect(read.body.data!.company.locations.nodes).toEqual([{ name: "North" }, { name: "South" }]);

    const blank = await harness.control("POST", path("/companies"), { name: "" });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ userErrors: [{ field: ["input", "company", "name"], code: "BLANK" }] });
    const taken = await harness.control("POST", path("/companies"), { name: "Again", locations: [{ name: "x", externalId: "south-1" }] });
    expect(taken.status).toBe(409);
    const basic = "b2b-control-basic.myshopify.com";
    await harness.control("POST", "/shops", { shop: basic });
    const refused = await harness.control<{ error: string }>("POST", `/shops/${basic}/companies`, { name: "No B2B here" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain("has no B2B");
  });

  it("seeds merchant-made contacts with roles, and locations later", async () => {
    const company = (await harness.control<CompanyDump>("POST", path("/companies"), { name: "Contacts Co" })).body;
    const location = await harness.control<{ gid: string; name: string }>("POST", path(`/companies/${encodeURIComponent(company.gid)}/locations`), { name: "Annex" });
    expect(location.status).toBe(201);
    const person = await harness.control<{ gid: string }>("POST", path("/customers"), { email: "merchant-made@example.com" });
    const contact = await harness.control<CompanyDump["contacts"][number]>("POST", path(`/companies/${company.gid.split("/").pop()}/contacts`), {
      customerId: person.body.gid,
      main: true,
      roles: [
        { locationId: company.locations[0]!.gid, role: "Location admin" },
        { locationId: location.body.gid, role: "Ordering only" },
      ],
    });
    expect(contact.status).toBe(201);
    expect(contact.body).toMatchObject({
      customer: person.body.gid,
      main: true,
      roleAssignments: [
        { location: company.locations[0]!.gid, role: "Location admin" },
        { location: location.body.gid, role: "Ordering only" },
      ],
    });
    const read = await harness.graphql(token, `query($id: ID!) { company(id: $id) { mainContact { id } } }`, { id: company.gid });
    expect(read.body.data!.company.mainContact.id).toBe(contact.body.gid);
    const contactsPath = path(`/companies/${encodeURIComponent(company.gid)}/contacts`);
    expect((await harness.control("POST", contactsPath, { customerId: person.body.gid })).status).toBe(409);
    expect((await harness.control("POST", contactsPath, { customerId: "gid://shopify/Customer/1" })).status).toBe(404);
    const other = await harness.control<{ gid: string }>("POST", path("/customers"), { email: "merchant-made-2@example.com" });
    expect((await harness.control("POST", contactsPath, { customerId: other.body.gid, roles: [{ locationId: location.body.gid, role: "Buyer" }] })).status).toBe(400);
    expect((await harness.control("POST", path("/companies/1/contacts"), { customerId: other.body.gid })).status).toBe(404);
  });

  it("deletes a location or a company out from under the app, keeping customers", async () => {
    const company = (await harness.control<CompanyDump>("POST", path("/companies"), { name: "Doomed Co", locations: [{ name: "Kept" }, { name: "Gone" }] })).body;
    const person = await harness.control<{ gid: string }>("POST", path("/customers"), { email: "doomed-buyer@example.com" });
    await harness.control("POST", path(`/companies/${encodeURIComponent(company.gid)}/contacts`), { customerId: person.body.gid, roles: [{ locationId: company.locations[1]!.gid, role: "Ordering only" }] });

    const gone = await harness.control("DELETE", path(`/company-locations/${encodeURIComponent(company.locations[1]!.gid)}`));
    expect(gone.body).toEqual({ deleted: company.locations[1]!.gid });
    const onlyOne = await harness.control("DELETE", path(`/company-locations/${encodeURIComponent(company.locations[0]!.gid)}`));
    expect(onlyOne.status).toBe(409);
    expect((await harness.control("DELETE", path("/company-locations/1"))).status).toBe(404);

    const deleted = await harness.control("DELETE", path(`/companies/${encodeURIComponent(company.gid)}`));
    expect(deleted.body).toEqual({ deleted: company.gid });
    const read = await harness.graphql(token, `query($c: ID!, $u: ID!) { company(id: $c) { id } customer(id: $u) { email companyContactProfiles { id } } }`, { c: company.gid, u: person.body.gid });
    expect(read.body.data).toEqual({ company: null, customer: { email: "doomed-buyer@example.com", companyContactProfiles: [] } });
    expect((await harness.control("DELETE", path(`/companies/${encodeURIComponent(company.gid)}`))).status).toBe(404);
  });

  it("sets a shop's restore rate (Standard's on a Plus shop) and back to the plan's", async () => {
    const rate = async () => (await harness.graphql(token, `{ shop { id } }`)).body.extensions!.cost.throttleStatus;
    expect(await rate()).toMatchObject({ restoreRate: 1000, maximumAvailable: 20000 });
    const standard = await harness.control("POST", "/shops", { shop: SHOP, restoreRate: 100 });
    expect(standard.body).toMatchObject({ plan: "plus", restoreRate: 100, b2b: true });
    expect(await rate()).toMatchObject({ restoreRate: 100, maximumAvailable: 2000 });
    await harness.control("POST", "/shops", { shop: SHOP, restoreRate: null });
    expect(await rate()).toMatchObject({ restoreRate: 1000, maximumAvailable: 20000 });
    expect((await harness.control("POST", "/shops", { shop: SHOP, restoreRate: 0 })).status).toBe(400);
  });

  it("makes a partner development store B2B-capable", async () => {
    const dev = await harness.control("POST", "/shops", { shop: "b2b-control-dev.myshopify.com", partnerDevelopment: true });
    expect(dev.body).toMatchObject({ plan: "standard", partnerDevelopment: true, b2b: true, restoreRate: 100 });
  });
});
