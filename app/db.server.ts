// The Prisma client, one per process. DATABASE_URL picks the driver adapter the same way
// prisma.config.ts picks the schema: file: → SQLite (embedded default), postgres:// → PostgreSQL.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
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
      new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

declare global {
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

// One client across dev-server reloads; in production the module is loaded once anyway.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrismaClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
