// The directory's one write kit (writes.server.ts): which errors are lost races worth another
// attempt (the user copy of this list had missed PostgreSQL's serialization failure), and the
// retry loop around a real transaction on the test database.
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { ScimError } from "~/scim";
import { LostRace, MAX_ATTEMPTS, isResourceId, isRetryable, isUniqueViolation, writeTransaction } from "./writes.server";

const known = (code: string) => new Prisma.PrismaClientKnownRequestError(`failed with ${code}`, { code, clientVersion: Prisma.prismaVersion.client });

describe("isRetryable", () => {
  it("retries lost races on both databases and nothing else", () => {
    expect(isRetryable(new LostRace())).toBe(true);
    expect(isRetryable(known("P2034"))).toBe(true);
    expect(isRetryable(new Error("SqliteError: SQLITE_BUSY: database is locked"))).toBe(true);
    expect(isRetryable(new Error("database is locked"))).toBe(true);
    expect(isRetryable(new Error("could not serialize access due to concurrent update"))).toBe(true);
    expect(isRetryable(known("P2002"))).toBe(false);
    expect(isRetryable(new ScimError(404, undefined, "User not found"))).toBe(false);
    expect(isRetryable(new Error("connection refused"))).toBe(false);
    expect(isUniqueViolation(known("P2002"))).toBe(true);
    expect(isUniqueViolation(known("P2034"))).toBe(false);
  });

  it("accepts only our ids (UUIDs)", () => {
    expect(isResourceId("2819c223-7f76-453a-919d-413861904646")).toBe(true);
    expect(isResourceId("010101001010101011001010101011")).toBe(false);
    expect(isResourceId("2819C223-7F76-453A-919D-413861904646")).toBe(false);
  });
});

describe("writeTransaction", () => {
  it("runs the work again after a lost race and returns its result", async () => {
    let attempts = 0;
    const result = await writeTransaction(
      async (tx) => {
        attempts++;
        await tx.shop.count();
        if (attempts < 3) throw new LostRace();
        return "written";
      },
      { busy: "busy" },
    );
    expect([result, attempts]).toEqual(["written", 3]);
  });

  it("answers 409 after losing every attempt", async () => {
    let attempts = 0;
    const failure = await writeTransaction(
      async () => {
        attempts++;
        throw new LostRace();
      },
      { busy: "The user kept changing; retry." },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScimError);
    expect(failure).toMatchObject({ status: 409, message: "The user kept changing; retry." });
    expect(attempts).toBe(MAX_ATTEMPTS);
  });

  it("turns a unique violation into the caller's 409, or into another attempt", async () => {
    const taken = new ScimError(409, "uniqueness", "taken");
    await expect(writeTransaction(async () => Promise.reject(known("P2002")), { busy: "busy", onUniqueViolation: () => taken })).rejects.toBe(taken);
    let attempts = 0;
    const result = await writeTransaction(
      async () => {
        if (++attempts === 1) throw known("P2002");
        return attempts;
      },
      { busy: "busy", onUniqueViolation: () => null },
    );
    expect(result).toBe(2);
    // Without a handler a unique violation is not a race: it propagates.
    await expect(writeTransaction(async () => Promise.reject(known("P2002")), { busy: "busy" })).rejects.toMatchObject({ code: "P2002" });
  });
});
