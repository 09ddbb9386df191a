import path from "node:path";
import { defineConfig } from "prisma/config";

// Offline: the CLI must never try to download native engines (we use engine "js" + driver
// adapters); any existing file satisfies its check.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/false";

// DATABASE_URL decides the database, here and in app/db.server.ts:
//   file:...        -> SQLite (embedded default): prisma/schema.prisma, prisma/migrations
//   postgres(ql):// -> PostgreSQL (production):   prisma/postgres/schema.prisma, prisma/postgres/migrations
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
process.env.DATABASE_URL = url;
const isPostgres = /^postgres(ql)?:\/\//.test(url);
const dir = isPostgres ? path.join("prisma", "postgres") : "prisma";

export default defineConfig({
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: path.join(dir, "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (isPostgres) {
      const { PrismaPgForMigrate } = await import("./prisma/pg-migrate-adapter");
      return new PrismaPgForMigrate({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
