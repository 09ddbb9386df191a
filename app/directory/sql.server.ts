// The few SQL fragments whose spelling differs between SQLite and PostgreSQL, for the raw
// statements of the group directory (set-based inserts of thousands of rows: Prisma's createMany
// took 7 s for 5,000 members and their events on SQLite; one INSERT … SELECT takes 0.2 s).
// Every value stays a bound parameter.
import { Prisma } from "@prisma/client";
import { isPostgresUrl } from "~/db.server";
import { env } from "~/env.server";

export type Dialect = "sqlite" | "postgresql";

export const dialect: Dialect = isPostgresUrl(env.DATABASE_URL) ? "postgresql" : "sqlite";

/** `IN (<this>)`: a list of strings sent as ONE parameter (a JSON array), however long. */
export function stringList(values: readonly string[], d: Dialect = dialect): Prisma.Sql {
  const json = JSON.stringify(values);
  return d === "postgresql" ? Prisma.sql`SELECT jsonb_array_elements_text(CAST(${json} AS JSONB))` : Prisma.sql`SELECT value FROM json_each(${json})`;
}

/** A JSON column value. */
export function jsonValue(value: unknown, d: Dialect = dialect): Prisma.Sql {
  const json = JSON.stringify(value);
  return d === "postgresql" ? Prisma.sql`CAST(${json} AS JSONB)` : Prisma.sql`${json}`;
}

/** A DateTime column value (Prisma stores ISO text on SQLite, timestamp(3) on PostgreSQL). */
export function timestamp(value: Date, d: Dialect = dialect): Prisma.Sql {
  return d === "postgresql" ? Prisma.sql`CAST(${value} AS TIMESTAMP(3))` : Prisma.sql`${value}`;
}

/** A text value used in an expression (`<text> || column`), typed on both. */
export function text(value: string): Prisma.Sql {
  return Prisma.sql`CAST(${value} AS TEXT)`;
}
