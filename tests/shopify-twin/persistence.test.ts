import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHOP, TwinHarness } from "./test-support";

const directory = mkdtempSync(join(tmpdir(), "shopify-twin-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("state file", () => {
  it("survives a restart: shops, customers, definitions and tokens", async () => {
    const stateFile = join(directory, "twin-state.json");
    const first = await TwinHarness.start({ stateFile });
    const pair = await first.exchange({ expiring: true });
    const token = pair.body.access_token as string;
    await first.control("POST", "/shops", { shop: SHOP, plan: "plus" });
    const created = await first.graphql(token, `mutation { customerCreate(input: { email: "persist@example.com", tags: ["kept"] }) { customer { id } } }`);
    const id = created.body.data!.customerCreate.customer.id as string;
    await first.close();
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ version: 1 });

    const second = await TwinHarness.start({ stateFile, clock: first.clock });
    try {
      const read = await second.graphql(token, `query($id: ID!) { customer(id: $id) { email tags } shop { plan { shopifyPlus } } }`, { id });
      expect(read.body.data).toEqual({ customer: { email: "persist@example.com", tags: ["kept"] }, shop: { plan: { shopifyPlus: true } } });
      const refreshed = await second.refresh(pair.body.refresh_token as string);
      expect(refreshed.status).toBe(200);
      const next = await second.graphql(refreshed.body.access_token as string, `mutation { customerCreate(input: { email: "after-restart@example.com" }) { customer { id } } }`);
      // Ids keep increasing across restarts.
      expect(Number(next.body.data!.customerCreate.customer.id.split("/").pop())).toBeGreaterThan(Number(id.split("/").pop()));
    } finally {
      await second.close();
    }
  });

  it("keeps B2B across a restart: plan, companies, contacts, role assignments and the shop's throttle settings", async () => {
    const stateFile = join(directory, "twin-b2b-state.json");
    const first = await TwinHarness.start({ stateFile });
    await first.control("POST", "/shops", { shop: SHOP, plan: "plus", restoreRate: 100, b2bLimits: { contactsPerLocation: 7 } });
    const token = await first.adminToken(SHOP);
    const seeded = await first.control<{ gid: string; locations: Array<{ gid: string }> }>("POST", `/shops/${SHOP}/companies`, { name: "Persisted Co", extraRoles: ["Approver"] });
    const person = await first.control<{ gid: string }>("POST", `/shops/${SHOP}/customers`, { email: "persisted-buyer@example.com" });
    const contact = await first.control<{ gid: string }>("POST", `/shops/${SHOP}/companies/${encodeURIComponent(seeded.body.gid)}/contacts`, {
      customerId: person.body.gid,
      roles: [{ locationId: seeded.body.locations[0]!.gid, role: "Approver" }],
    });
    await first.close();

    const second = await TwinHarness.start({ stateFile, clock: first.clock });
    try {
      const read = await second.graphql(
        token,
        `query($id: ID!, $u: ID!) { company(id: $id) { name contactRoles(first: 5) { nodes { name } } contacts(first: 5) { nodes { id roleAssignments(first: 5) { nodes { role { name } companyLocation { id } } } } } }
           customer(id: $u) { companyContactProfiles { id } } }`,
        { id: seeded.body.gid, u: person.body.gid },
      );
      expect(read.body.data).toEqual({
        company: {
          name: "Persisted Co",
          contactRoles: { nodes: [{ name: "Location admin" }, { name: "Ordering only" }, { name: "Approver" }] },
          contacts: { nodes: [{ id: contact.body.gid, roleAssignments: { nodes: [{ role: { name: "Approver" }, companyLocation: { id: seeded.body.locations[0]!.gid } }] } }] },
        },
        customer: { companyContactProfiles: [{ id: contact.body.gid }] },
      });
      expect(read.body.extensions!.cost.throttleStatus).toMatchObject({ restoreRate: 100, maximumAvailable: 2000 });
      const summary = await second.control<{ shops: Array<{ domain: string; b2bLimits: { contactsPerLocation: number }; restoreRate: number }> }>("GET", "/shops");
      expect(summary.body.shops.find((shop) => shop.domain === SHOP)).toMatchObject({ restoreRate: 100, b2bLimits: { contactsPerLocation: 7 } });
      const next = await second.control<{ gid: string }>("POST", `/shops/${SHOP}/companies`, { name: "After restart Co" });
      // Ids keep increasing across restarts.
      expect(Number(next.body.gid.split("/").pop())).toBeGreaterThan(Number(seeded.body.gid.split("/").pop()));
    } finally {
      await second.close();
    }
  });
});
