// SQLite runs in WAL mode: SCIM lookups never wait for a writer, and commits append to a log.
import { describe, expect, it } from "vitest";
import prisma, { isPostgresUrl } from "~/db.server";
import { env } from "~/env.server";

describe("SQLite journal mode", () => {
  it.skipIf(isPostgresUrl(env.DATABASE_URL))("is WAL once the client has connected", async () => {
    const rows = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(rows[0]?.journal_mode).toBe("wal");
  });
});
