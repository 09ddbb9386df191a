// The Prisma client, one per process. DATABASE_URL picks the driver adapter the same way
// prisma.config.ts picks the schema: file: → SQLite (embedded default), postgres:// → PostgreSQL.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { env } from "./env.server";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function createPrismaClient(url: string): PrismaClient {
  const adapter = isPostgresUrl(url)
    ? new PrismaPg({ connectionString: url })
    : // timeout = SQLite busy_timeout: wait for the write lock instead of failing with
      // SQLITE_BUSY when SCIM requests and the worker write at once.
      new PrismaBetterSqlite3({ url, timeout: 10_000 });
  const client = new PrismaClient({ adapter });
  if (!isPostgresUrl(url)) {
    // WAL: readers (SCIM lookups) never wait for the writer (SCIM writes, the sync worker), and a
    // commit appends to the log instead of rewriting a rollback journal (bench/RESULTS.md).
    // Issued first on this client's single connection, so it runs before any other query; the
    // mode is stored in the database file, so later connections find it set.
    void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
    // Planner statistics: without them SQLite may walk a shop's whole log through the wrong
    // index (bench/RESULTS.md, sync log). SQLite's advice for long-lived connections: optimize
    // when the connection opens, then about hourly; analysis_limit keeps each run cheap.
    void optimizeSqlite(client, true);
    setInterval(() => void optimizeSqlite(client, false), 60 * 60_000).unref();
  }
  return client;
}

/** Refreshes SQLite's planner statistics where they are missing or stale; never throws. */
export async function optimizeSqlite(client: PrismaClient, opening: boolean): Promise<void> {
  try {
    await client.$queryRawUnsafe("PRAGMA analysis_limit = 400");
    // 0x10002 (on open): also look at tables no query has used yet on this connection.
    await client.$queryRawUnsafe(opening ? "PRAGMA optimize = 0x10002" : "PRAGMA optimize");
  } catch {
    // Statistics are an optimisation: a busy or read-only database simply keeps the old ones.
  }
}

declare global {
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

// One client across dev-server reloads; in production the module is loaded once anyway.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrismaClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
