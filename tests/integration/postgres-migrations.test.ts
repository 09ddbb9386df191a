// PostgreSQL is the production database: same models, its own migrations folder. This proves
// the committed PostgreSQL schema is the one derived from the SQLite source of truth, that both
// folders hold the same migrations, and that they apply and serve queries on a real server.
// scripts/test-all.sh starts the server and sets TEST_POSTGRES_URL.
import fs from "node:fs";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivePostgresSchema } from "../../scripts/lib/pg-schema.mjs";
import { createPostgresTestDatabase, generatePostgresClient, openPostgresClient, prismaCli, type PostgresTestDatabase } from "../support/postgres";

function migrationNames(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

describe("PostgreSQL schema and migrations", () => {
  let database: PostgresTestDatabase;

  beforeAll(async () => {
    database = await createPostgresTestDatabase("scim_migrations");
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it("keeps the committed PostgreSQL schema derived from prisma/schema.prisma", () => {
    const derived = derivePostgresSchema(fs.readFileSync("prisma/schema.prisma", "utf8"));
    expect(fs.readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(derived);
    expect(migrationNames("prisma/postgres/migrations")).toEqual(migrationNames("prisma/migrations"));
    expect(fs.readFileSync("prisma/postgres/migrations/migration_lock.toml", "utf8")).toContain('provider = "postgresql"');
  });

  it("applies every migration and serves queries through the PostgreSQL adapter", async () => {
    expect(prismaCli(["migrate", "deploy"], database.url)).toContain("All migrations have been successfully applied");
    expect(prismaCli(["migrate", "deploy"], database.url)).toContain("No pending migrations to apply");

    const client: PrismaClient = await openPostgresClient(generatePostgresClient("migrations", database.url), database.url);
    try {
      const shop = await client.shop.create({ data: { shopDomain: "pg-shop.myshopify.com", scimEnabled: true } });
      await client.scimToken.create({ data: { shopId: shop.id, tokenHash: "a".repeat(64), prefix: "scim_abcdef" } });
      await client.provisioningEvent.create({
        data: { shopId: shop.id, resourceType: "User", resourceId: "u1", operation: "create", payload: { active: true } },
      });
      const loaded = await client.shop.findUnique({
        where: { shopDomain: "pg-shop.myshopify.com" },
        include: { scimTokens: true, provisioningEvents: true },
      });
      expect(loaded?.scimEnabled).toBe(true);
      expect(loaded?.allowCustomerCreation).toBe(true);
      expect(loaded?.scimTokens.map((t) => t.prefix)).toEqual(["scim_abcdef"]);
      expect(loaded?.provisioningEvents[0]).toMatchObject({ state: "created", attempts: 0, payload: { active: true } });
      // The unique index on the token hash holds on PostgreSQL too.
      await expect(
        client.scimToken.create({ data: { shopId: shop.id, tokenHash: "a".repeat(64), prefix: "scim_other" } }),
      ).rejects.toMatchObject({ code: "P2002" });
    } finally {
      await client.$disconnect();
    }
  }, 120_000);
});
