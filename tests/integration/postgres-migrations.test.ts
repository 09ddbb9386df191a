// PostgreSQL is the production database: same models, its own migrations folder. This proves
// the committed PostgreSQL schema is the one derived from the SQLite source of truth, that both
// folders hold the same migrations, and that they apply and serve queries on a real server.
// scripts/test-all.sh starts the server and sets TEST_POSTGRES_URL.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivePostgresSchema } from "../../scripts/lib/pg-schema.mjs";

const serverUrl = process.env.TEST_POSTGRES_URL;
const database = `scim_migrations_${process.pid}`;
// Inside node_modules so vitest loads it as the external package it is, not as transformed source.
const clientDir = path.resolve("node_modules/.prisma-postgres");

function prisma(args: string[], url: string): string {
  return execFileSync("node_modules/.bin/prisma", args, {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function migrationNames(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

describe("PostgreSQL schema and migrations", () => {
  let databaseUrl: string;

  beforeAll(async () => {
    if (!serverUrl) throw new Error("TEST_POSTGRES_URL is not set: run the suite with `npm test` (scripts/test-all.sh starts PostgreSQL)");
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    databaseUrl = url.href;
  }, 60_000);

  afterAll(async () => {
    if (!serverUrl) return;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("keeps the committed PostgreSQL schema derived from prisma/schema.prisma", () => {
    const derived = derivePostgresSchema(fs.readFileSync("prisma/schema.prisma", "utf8"));
    expect(fs.readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(derived);
    expect(migrationNames("prisma/postgres/migrations")).toEqual(migrationNames("prisma/migrations"));
    expect(fs.readFileSync("prisma/postgres/migrations/migration_lock.toml", "utf8")).toContain('provider = "postgresql"');
  });

  it("applies every migration and serves queries through the PostgreSQL adapter", async () => {
    const deploy = prisma(["migrate", "deploy"], databaseUrl);
    expect(deploy).toContain("All migrations have been successfully applied");
    expect(prisma(["migrate", "deploy"], databaseUrl)).toContain("No pending migrations to apply");

    // Generate a PostgreSQL client beside the SQLite one the app uses in tests.
    fs.rmSync(clientDir, { recursive: true, force: true });
    fs.mkdirSync(clientDir, { recursive: true });
    const schema = fs
      .readFileSync("prisma/postgres/schema.prisma", "utf8")
      .replace(/generator client \{/, `generator client {\n  output     = "${clientDir}/client"`);
    fs.writeFileSync(path.join(clientDir, "schema.prisma"), schema);
    prisma(["generate", "--schema", path.join(clientDir, "schema.prisma")], databaseUrl);

    const { PrismaClient } = await import(pathToFileURL(path.join(clientDir, "client/index.js")).href);
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
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
      expect(loaded?.scimTokens.map((t: { prefix: string }) => t.prefix)).toEqual(["scim_abcdef"]);
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
