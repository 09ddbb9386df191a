// SQLite runs in WAL mode (SCIM lookups never wait for a writer, commits append to a log) and
// keeps planner statistics (PRAGMA optimize), so the planner picks the selective index.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma, { createPrismaClient, isPostgresUrl, optimizeSqlite } from "~/db.server";
import { env } from "~/env.server";

const sqlite = !isPostgresUrl(env.DATABASE_URL);

describe("SQLite journal mode", () => {
  it.skipIf(!sqlite)("is WAL once the client has connected", async () => {
    const rows = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(rows[0]?.journal_mode).toBe("wal");
  });
});

describe("SQLite planner statistics", () => {
  it.skipIf(!sqlite)("are gathered by optimize for tables that have rows and indexes", async () => {
    // A fresh copy of this worker's migrated database, without statistics.
    const source = env.DATABASE_URL.replace(/^file:/, "");
    const copy = path.join(path.dirname(source), `optimize-${randomUUID().slice(0, 8)}.sqlite`);
    fs.copyFileSync(path.join(path.dirname(source), "template.sqlite"), copy);
    const client = createPrismaClient(`file:${copy}`);
    try {
      const shop = await client.shop.create({ data: { shopDomain: `opt-${randomUUID().slice(0, 8)}.myshopify.com` } });
      await client.scimUser.createMany({
        data: Array.from({ length: 300 }, (_, i) => ({ id: randomUUID(), shopId: shop.id, userName: `u${i}`, userNameKey: `u${i}`, attributes: {} })),
      });
      await optimizeSqlite(client, true);
      const stats = await client.$queryRawUnsafe<Array<{ tbl: string; idx: string | null }>>("SELECT tbl, idx FROM sqlite_stat1");
      expect(stats.some((row) => row.tbl === "ScimUser" && row.idx === "ScimUser_shopId_userNameKey_key")).toBe(true);
    } finally {
      await client.$disconnect();
      fs.rmSync(copy, { force: true });
    }
  });
});
