// What the user and group directories share to write: the tenant and preconditions a write is
// scoped by, the id check, the transaction options, the retry loop and what counts as a lost race.
// One copy, so users and groups cannot drift apart (their copies had: only groups retried
// PostgreSQL's "could not serialize").
import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { ScimError } from "~/scim";
import type { ScimTenant } from "~/tenants/scim-tokens.server";

export type Tenant = Pick<ScimTenant, "shopId" | "shopDomain">;

export interface Preconditions {
  ifMatch?: string | null;
  ifNoneMatch?: string | null;
}

export type Db = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Resource ids are ours (random UUIDs): anything else cannot exist, so it is answered 404 without
 * a query. Okta's SPEC test asks for "010101001010101011001010101011" and expects 404.
 */
export function isResourceId(id: string): boolean {
  return UUID.test(id);
}

/**
 * Interactive transactions queue behind each other (SQLite: one per process). Prisma's defaults
 * (2 s to start, 5 s to finish) would turn a burst of a few hundred writes into 500s: waiting up
 * to 20 s to start stays far inside the 60 s Okta and Entra wait for an answer, and 120 s to
 * finish covers a group write of 50,000 members.
 */
export const TRANSACTION_OPTIONS = { maxWait: 20_000, timeout: 120_000 } as const;

/** Attempts before a write that keeps losing races answers 409 "retry". */
export const MAX_ATTEMPTS = 10;

/** A write lost a race (the version it read changed, a tag it picked was taken): read again, retry. */
export class LostRace extends Error {}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Lost races worth another attempt: our own compare-and-set (LostRace), Prisma's write-conflict
 * code, PostgreSQL's serialization failure, and SQLite refusing a read-to-write lock upgrade while
 * another connection (the sync worker) writes — SQLITE_BUSY is returned at once in that case,
 * whatever busy_timeout says.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof LostRace) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") return true;
  const message = error instanceof Error ? error.message : "";
  return /SQLITE_BUSY|database is locked|could not serialize/i.test(message);
}

export interface WriteOptions {
  /** The 409 detail when the write kept losing races ("The user kept changing …"). */
  busy: string;
  /**
   * A unique index refused the write: the 409 to answer (a name another resource holds), or null
   * when it was a race worth another attempt (a tag picked at the same time by another group).
   */
  onUniqueViolation?: () => Promise<ScimError | null> | ScimError | null;
}

/** Runs `work` in an interactive transaction, again from the start after a lost race. */
export async function writeTransaction<T>(work: (tx: Db) => Promise<T>, options: WriteOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(work, TRANSACTION_OPTIONS);
    } catch (error) {
      let retry = isRetryable(error);
      if (!retry && isUniqueViolation(error) && options.onUniqueViolation) {
        const conflict = await options.onUniqueViolation();
        if (conflict) throw conflict;
        retry = true;
      }
      if (!retry) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new ScimError(409, undefined, options.busy);
    }
  }
}
