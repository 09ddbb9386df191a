// The sync log's data access: keyset pagination both ways (also through ties in createdAt),
// filters, search by person, tenant isolation, one event's detail, the backlog, CSV and retry.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import {
  csvCell,
  getBacklog,
  getLogEvent,
  listLogEvents,
  parseLogQuery,
  retryLogEvents,
  streamLogCsv,
  type LogQuery,
} from "~/admin/sync-log.server";
import { ensureShopInstalled } from "~/tenants/shops.server";
import { insertPerson } from "../support/directory";

const q = (overrides: Partial<LogQuery> = {}): LogQuery => ({ status: [], operation: [], q: "", ...overrides });

async function newShop() {
  return ensureShopInstalled(`log-${randomUUID().slice(0, 8)}.myshopify.com`);
}

interface Seed {
  resourceId: string;
  operation?: string;
  state?: string;
  createdAt: Date;
  lastError?: string;
  customerId?: string;
}

async function seed(shopId: string, events: Seed[]) {
  await prisma.provisioningEvent.createMany({
    data: events.map((event) => ({
      shopId,
      resourceType: "User",
      resourceId: event.resourceId,
      key: `User:${event.resourceId}`,
      operation: event.operation ?? "patch",
      state: event.state ?? "completed",
      createdAt: event.createdAt,
      lastError: event.lastError,
      customerId: event.customerId,
      payload: { changed: ["name.givenName"], active: true },
    })),
  });
}

async function walk(shopId: string, query: LogQuery, limit: number) {
  const ids: string[] = [];
  let page = await listLogEvents(shopId, query, { limit });
  const pages = [page];
  ids.push(...page.rows.map((r) => r.id));
  while (page.next) {
    page = await listLogEvents(shopId, { ...query, after: page.next }, { limit });
    pages.push(page);
    ids.push(...page.rows.map((r) => r.id));
  }
  return { ids, pages };
}

describe("sync log pagination", () => {
  it("walks every event exactly once, newest first, also when many share a timestamp; and back again", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "ann@example.com");
    const base = Date.UTC(2026, 10, 1);
    // 3 events per millisecond: ties that only the id breaks.
    await seed(shop.id, Array.from({ length: 95 }, (_, i) => ({ resourceId: ann, createdAt: new Date(base + Math.floor(i / 3)) })));
    const all = await prisma.provisioningEvent.findMany({ where: { shopId: shop.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });

    const { ids, pages } = await walk(shop.id, q(), 10);
    expect(ids).toEqual(all.map((e) => e.id));
    expect(pages).toHaveLength(10);
    expect(pages[0]!.previous).toBeNull();
    expect(pages.at(-1)!.next).toBeNull();
    expect(pages.at(-1)!.rows).toHaveLength(5);

    // Previous from the last page gives back page 9, then 8, … down to the first.
    let page = pages.at(-1)!;
    for (let index = pages.length - 2; index >= 0; index--) {
      page = await listLogEvents(shop.id, q({ before: page.previous! }), { limit: 10 });
      expect(page.rows.map((r) => r.id)).toEqual(pages[index]!.rows.map((r) => r.id));
    }
    expect(page.previous).toBeNull();
    expect(page.next).toBe(pages[0]!.next);
  });

  it("pages one person's events (read by person, ordered in the app) exactly like the whole log", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "ann@paging.example");
    const bob = await insertPerson(shop.id, "bob@paging.example");
    const base = Date.UTC(2026, 10, 2);
    await seed(shop.id, Array.from({ length: 130 }, (_, i) => ({ resourceId: i % 3 === 0 ? bob : ann, createdAt: new Date(base + Math.floor(i / 4)) })));
    const truth = (await prisma.provisioningEvent.findMany({ where: { shopId: shop.id, resourceId: ann }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })).map((e) => e.id);
    for (const query of [q({ person: ann }), q({ q: "ann@paging" })]) {
      const { ids, pages } = await walk(shop.id, query, 25);
      expect(ids).toEqual(truth);
      let page = pages.at(-1)!;
      for (let index = pages.length - 2; index >= 0; index--) {
        page = await listLogEvents(shop.id, { ...query, before: page.previous! }, { limit: 25 });
        expect(page.rows.map((r) => r.id)).toEqual(pages[index]!.rows.map((r) => r.id));
      }
      expect(page.previous).toBeNull();
    }
    // With a status filter on top.
    await prisma.provisioningEvent.updateMany({ where: { id: { in: truth.slice(0, 7) } }, data: { state: "failed" } });
    expect((await listLogEvents(shop.id, q({ person: ann, status: ["failed"] }))).rows.map((r) => r.id)).toEqual(truth.slice(0, 7));
  });

  it("names the person of each event, and a deleted person by id", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "ann@example.com", { displayName: "Ann Example" });
    const gone = randomUUID();
    await seed(shop.id, [
      { resourceId: ann, createdAt: new Date(1_000) },
      { resourceId: gone, operation: "delete", createdAt: new Date(2_000) },
    ]);
    const page = await listLogEvents(shop.id, q());
    expect(page.rows.map((r) => [r.personLabel, r.operationLabel])).toEqual([
      [`Deleted person (${gone.slice(0, 8)}…)`, "Delete"],
      ["Ann Example", "Update"],
    ]);
  });
});

describe("sync log filters and search", () => {
  it("filters by status, operation and time range, searches by person, and never shows another shop's events", async () => {
    const shop = await newShop();
    const other = await newShop();
    const ann = await insertPerson(shop.id, "ann@example.com", { displayName: "Ann" });
    const bob = await insertPerson(shop.id, "bob@corp.example", { displayName: "Bob Builder" });
    const otherAnn = await insertPerson(other.id, "ann@example.com");
    const now = Date.now();
    await seed(shop.id, [
      { resourceId: ann, operation: "create", createdAt: new Date(now - 3 * 86_400_000) },
      { resourceId: ann, operation: "patch", state: "failed", lastError: "Shopify answered HTTP 503 to customerUpdate.", createdAt: new Date(now - 3_600_000 * 2) },
      { resourceId: bob, operation: "create", state: "retry", createdAt: new Date(now - 60_000), customerId: "gid://shopify/Customer/777" },
      { resourceId: bob, operation: "delete", state: "cancelled", createdAt: new Date(now - 30_000) },
    ]);
    await seed(other.id, [{ resourceId: otherAnn, operation: "create", state: "failed", createdAt: new Date(now - 1000) }]);

    const labels = async (query: LogQuery) => (await listLogEvents(shop.id, query, { now })).rows.map((r) => `${r.personLabel}:${r.operation}:${r.state}`);
    expect(await labels(q({ status: ["failed"] }))).toEqual(["Ann:patch:failed"]);
    expect(await labels(q({ status: ["pending", "cancelled"] }))).toEqual(["Bob Builder:delete:cancelled", "Bob Builder:create:retry"]);
    expect(await labels(q({ operation: ["create"] }))).toEqual(["Bob Builder:create:retry", "Ann:create:completed"]);
    expect(await labels(q({ range: "1h" }))).toEqual(["Bob Builder:delete:cancelled", "Bob Builder:create:retry"]);
    expect(await labels(q({ range: "24h", operation: ["patch"] }))).toEqual(["Ann:patch:failed"]);
    expect(await labels(q({ q: "ANN@" }))).toEqual(["Ann:patch:failed", "Ann:create:completed"]);
    expect(await labels(q({ q: "corp.example" }))).toEqual(["Bob Builder:delete:cancelled", "Bob Builder:create:retry"]);
    expect(await labels(q({ q: "Builder" }))).toHaveLength(2);
    expect(await labels(q({ q: "777" }))).toEqual(["Bob Builder:create:retry"]);
    expect(await labels(q({ q: bob }))).toHaveLength(2);
    expect(await labels(q({ q: "nobody" }))).toEqual([]);
    expect(await labels(q({ person: ann }))).toHaveLength(2);
    // The other shop's Ann and its failure are invisible here, and the reverse.
    expect((await listLogEvents(other.id, q())).rows.map((r) => r.resourceId)).toEqual([otherAnn]);
    const foreign = await prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: other.id } });
    expect(await getLogEvent(shop.id, foreign.id)).toBeNull();
  });

  it("parses URL filters, dropping values that do not validate", () => {
    const query = parseLogQuery(
      new URLSearchParams("status=failed&status=bogus&operation=create&operation=drop&range=99d&q=%20ann%20&after=1700000000000~abc&before=nope&person=x"),
    );
    expect(query).toEqual({ status: ["failed"], operation: ["create"], range: undefined, q: "ann", after: "1700000000000~abc", before: undefined, person: "x" });
  });
});

describe("event detail, backlog, retry and CSV", () => {
  it("explains a failure in plain words and keeps only attribute names of the request", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "ann@example.com");
    await seed(shop.id, [{ resourceId: ann, state: "failed", lastError: "Gave up after 10 attempts. Last error: Shopify answered HTTP 503 to customerCreate.", createdAt: new Date() }]);
    const event = await prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id } });
    const detail = (await getLogEvent(shop.id, event.id))!;
    expect(detail.changed).toEqual(["name.givenName"]);
    expect(detail.active).toBe(true);
    expect(detail.canRetry).toBe(true);
    expect(detail.explanation?.title).toMatch(/gave up after 10 attempts/);
  });

  it("reports backlog progress and retries failed events through the engine", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "ann@example.com");
    const bob = await insertPerson(shop.id, "bob@example.com");
    expect(await getBacklog(shop.id)).toBeNull();
    const t = Date.now() - 10_000;
    await seed(shop.id, [
      { resourceId: ann, state: "completed", createdAt: new Date(t - 5000) },
      { resourceId: ann, state: "failed", lastError: "x", createdAt: new Date(t) },
      { resourceId: bob, state: "completed", createdAt: new Date(t + 1) },
      { resourceId: bob, state: "created", createdAt: new Date(t + 2) },
      { resourceId: bob, state: "retry", createdAt: new Date(t + 3) },
    ]);
    expect(await getBacklog(shop.id)).toMatchObject({ pending: 2, total: 2, delivered: 0, failed: 0 });
    const failed = await prisma.provisioningEvent.findFirstOrThrow({ where: { shopId: shop.id, state: "failed" } });
    expect(await retryLogEvents(shop.id, failed.id)).toBe(1);
    expect((await prisma.provisioningEvent.findUniqueOrThrow({ where: { id: failed.id } })).state).toBe("retry");
    expect(await getBacklog(shop.id)).toMatchObject({ pending: 3, total: 4, delivered: 1 });
    expect(await retryLogEvents(shop.id, "missing")).toBe(0);
    const otherShop = await newShop();
    expect(await retryLogEvents(otherShop.id, failed.id)).toBe(0);
  });

  it("counts a backlog whose oldest event is days old without counting the whole log", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "ann@backlog.example");
    const now = Date.now();
    await seed(shop.id, [
      { resourceId: ann, state: "retry", createdAt: new Date(now - 3 * 86_400_000) },
      { resourceId: ann, state: "completed", createdAt: new Date(now - 2 * 86_400_000) },
      { resourceId: ann, state: "completed", createdAt: new Date(now - 3_600_000) },
      { resourceId: ann, state: "failed", createdAt: new Date(now - 1_800_000) },
      { resourceId: ann, state: "created", createdAt: new Date(now - 60_000) },
    ]);
    // The stuck event 3 days ago counts; the delivered one 2 days ago is outside the window.
    expect(await getBacklog(shop.id, now)).toMatchObject({ pending: 2, total: 4, delivered: 2, failed: 1 });
  });

  it("exports CSV in batches, quoting and defusing formulas", async () => {
    const shop = await newShop();
    const ann = await insertPerson(shop.id, "=cmd|calc@example.com", { displayName: 'Ann "The" Example, Jr.' });
    await seed(shop.id, Array.from({ length: 2_345 }, (_, i) => ({ resourceId: ann, createdAt: new Date(1_000_000 + i) })));
    const text = await new Response(streamLogCsv(shop.id, q())).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("time,event_id,resource_type,scim_id,user_name,display_name,idp_operation,status,attempts,shopify_action,customer_id,outcome,last_error");
    expect(lines).toHaveLength(2_346);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[1])).size).toBe(2_345);
    expect(lines[1]).toContain(`'=cmd|calc@example.com,"Ann ""The"" Example, Jr."`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell(null)).toBe("");
  });
});
