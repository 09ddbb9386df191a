// Which database the Prisma CLI works on, for both CLIs' configs (prisma.config.ts: Prisma 7,
// generate; prisma/migrate.config.ts: the 6.19.3 CLI, migrations). DATABASE_URL decides, here
// and in app/db.server.ts:
//   file:...        -> SQLite (embedded default): prisma/schema.prisma, prisma/migrations
//   postgres(ql):// -> PostgreSQL (production):   prisma/postgres/schema.prisma, prisma/postgres/migrations
import path from "node:path";
import { fileURLToPath } from "node:url";

// Offline: neither CLI may try to download a native engine (both run the Wasm engines and the
// driver adapters); any existing file satisfies their check. Set before a CLI resolves engines.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/false";

export const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
process.env.DATABASE_URL = url;
export const isPostgres = /^postgres(ql)?:\/\//.test(url);
// Absolute: each CLI resolves relative paths from its own config file's folder.
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), isPostgres ? "postgres" : ".");
export const schema = path.join(dir, "schema.prisma");
export const migrations = path.join(dir, "migrations");
