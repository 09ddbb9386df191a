// People written straight into the directory tables, for tests of what reads them (the admin
// pages): quicker than SCIM requests, and free to set what SCIM cannot (syncState, createdAt).
import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import prisma from "~/db.server";

export interface PersonColumns {
  displayName?: string | null;
  active?: boolean;
  syncState?: string;
  createdAt?: Date;
  /** The SCIM resource; by default just userName and it as the primary email. */
  attributes?: { emails?: Array<{ value: string; type?: string; primary?: boolean }> } & Prisma.InputJsonObject;
  attributeTags?: string[];
}

/** Inserts a person with every email in `attributes` indexed for search, as the directory does; returns the id. */
export async function insertPerson(shopId: string, userName: string, { attributes = { userName, emails: [{ value: userName, primary: true }] }, ...columns }: PersonColumns = {}) {
  const id = randomUUID();
  await prisma.scimUser.create({
    data: {
      id,
      shopId,
      userName,
      userNameKey: userName.toLowerCase(),
      displayName: columns.displayName,
      active: columns.active ?? true,
      syncState: columns.syncState ?? "pending",
      createdAt: columns.createdAt,
      attributeTags: columns.attributeTags,
      attributes,
      emails: { create: (attributes.emails ?? []).map((email) => ({ shopId, valueKey: email.value.toLowerCase() })) },
    },
  });
  return id;
}
