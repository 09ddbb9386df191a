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
});
