// The app's one raw-SQL style, for the statements Prisma's query builder makes slow: the group
// directory's set-based writes (inserting 5,000 members and their events with createMany took
// 7 s on SQLite; one INSERT … SELECT takes 0.2 s), the SCIM user lookup (the hot path), the
// outbox's insert-unless-waiting. Written once for SQLite and PostgreSQL. `sql` composes
// statements from fragments, like Prisma.sql, and `render` turns one into text with the
// dialect's placeholders (? or $n) plus its values, which go through $queryRawUnsafe /
// $executeRawUnsafe as bound parameters — nothing is spliced into the text. Our own small type
// rather than Prisma.Sql so the statements can be run by any generated client
// (tests/integration/groups-postgres.test.ts runs them on a PostgreSQL client).
import { isPostgresUrl } from "~/db.server";
import { env } from "~/env.server";

export type Dialect = "sqlite" | "postgresql";

export const dialect: Dialect = isPostgresUrl(env.DATABASE_URL) ? "postgresql" : "sqlite";

/** A statement or fragment: text parts around values; a value may itself be a fragment. */
export class Sql {
  constructor(
    readonly parts: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql([...strings], values);
}

/** A fixed piece of SQL text (column names, an ORDER BY from a fixed table): never a value. */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

/** Fragments one after another with `separator` between them (`a AND b AND c`). */
export function join(fragments: readonly Sql[], separator: string): Sql {
  if (fragments.length === 0) return raw("");
  return new Sql(["", ...fragments.slice(1).map(() => separator), ""], fragments);
}

/** Text with placeholders for the dialect, and the values in order. */
export function render(statement: Sql, d: Dialect): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const walk = (s: Sql): string => {
    let text = s.parts[0]!;
    s.values.forEach((value, i) => {
      if (value instanceof Sql) text += walk(value);
      else {
        values.push(value);
        text += d === "postgresql" ? `$${values.length}` : "?";
      }
      text += s.parts[i + 1]!;
    });
    return text;
  };
  return { text: walk(statement), values };
}

/** What running a statement needs of a Prisma client or transaction client, of any provider. */
export interface RawDb {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

export async function query<T>(db: RawDb, d: Dialect, statement: Sql): Promise<T[]> {
  const { text, values } = render(statement, d);
  return db.$queryRawUnsafe<T[]>(text, ...values);
}

export async function execute(db: RawDb, d: Dialect, statement: Sql): Promise<number> {
  const { text, values } = render(statement, d);
  return db.$executeRawUnsafe(text, ...values);
}

/** `IN (<this>)`: a list of strings sent as ONE parameter (a JSON array), however long. */
export function stringList(values: readonly string[], d: Dialect): Sql {
  const json = JSON.stringify(values);
  return d === "postgresql" ? sql`SELECT jsonb_array_elements_text(CAST(${json} AS JSONB))` : sql`SELECT value FROM json_each(${json})`;
}

/** A JSON column value. */
export function jsonValue(value: unknown, d: Dialect): Sql {
  const json = JSON.stringify(value);
  return d === "postgresql" ? sql`CAST(${json} AS JSONB)` : sql`${json}`;
}

/** A DateTime column value (Prisma keeps ISO text on SQLite, timestamp(3) on PostgreSQL). */
export function timestamp(value: Date, d: Dialect): Sql {
  return d === "postgresql" ? sql`CAST(${value.toISOString()} AS TIMESTAMP(3))` : sql`${value}`;
}

/** A text value used in an expression (`<text> || column`), typed on both. */
export function text(value: string): Sql {
  return sql`CAST(${value} AS TEXT)`;
}
