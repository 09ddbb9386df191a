// The People page: the SCIM directory of a shop (who the identity provider manages), with search,
// filters and keyset pagination on (createdAt, id) over the [shopId, createdAt, id] index; and one
// person with what the directory holds and how they map to a Shopify customer.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { storedTags } from "~/sync/customer-tags";
import { SYNC_STATES } from "./labels";

export const PEOPLE_PAGE_SIZE = 50;
const CURSOR = /^(\d{1,15})~([A-Za-z0-9_-]{1,64})$/;

export const PEOPLE_STATUSES = ["active", "deactivated"] as const;
const SYNC_STATE_NAMES = Object.keys(SYNC_STATES) as [string, ...string[]];

export interface PeopleQuery {
  q: string;
  /** Members of this group (a ScimGroup id). */
  group?: string;
  status?: (typeof PEOPLE_STATUSES)[number];
  sync?: string;
  after?: string;
  before?: string;
}

function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The people query of a URL; invalid values are dropped. */
export function parsePeopleQuery(params: URLSearchParams): PeopleQuery {
  return {
    q: valid(z.string().trim().max(200), params.get("q") ?? "") ?? "",
    status: valid(z.enum(PEOPLE_STATUSES), params.get("status")),
    sync: valid(z.enum(SYNC_STATE_NAMES), params.get("sync")),
    group: valid(z.string().min(1).max(64), params.get("group")),
    after: valid(z.string().regex(CURSOR), params.get("after")),
    before: valid(z.string().regex(CURSOR), params.get("before")),
  };
}

export interface PersonRow {
  id: string;
  userName: string;
  displayName: string | null;
  email: string | null;
  active: boolean;
  syncState: string;
  customerId: string | null;
  lastSyncedAt: string | null;
  lastError: string | null;
  createdAt: string;
  /** The groups the identity provider put this person in, by name, with the customer tag. */
  groups: Array<{ id: string; displayName: string; tag: string }>;
}

const PERSON_SELECT = {
  id: true,
  userName: true,
  displayName: true,
  active: true,
  syncState: true,
  customerId: true,
  lastSyncedAt: true,
  lastError: true,
  createdAt: true,
  attributes: true,
  groupMemberships: { select: { group: { select: { id: true, displayName: true, tag: true } } }, orderBy: { createdAt: "asc" }, take: 50 },
} satisfies Prisma.ScimUserSelect;
type PersonData = Prisma.ScimUserGetPayload<{ select: typeof PERSON_SELECT }>;

type Json = Prisma.JsonValue;
function objectOf(value: Json | undefined): Record<string, Json> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Json>) : {};
}

/** The primary email (else the first), as the engine's default mapping reads it. */
export function primaryEmail(attributes: Json): string | null {
  const emails = objectOf(attributes)["emails"];
  if (!Array.isArray(emails)) return null;
  const entries = emails.map((entry) => objectOf(entry));
  const chosen = entries.find((entry) => entry["primary"] === true) ?? entries[0];
  return typeof chosen?.["value"] === "string" ? chosen["value"] : null;
}

function toRow(person: PersonData): PersonRow {
  return {
    id: person.id,
    userName: person.userName,
    displayName: person.displayName,
    email: primaryEmail(person.attributes),
    active: person.active,
    syncState: person.syncState,
    customerId: person.customerId,
    lastSyncedAt: person.lastSyncedAt?.toISOString() ?? null,
    lastError: person.lastError,
    createdAt: person.createdAt.toISOString(),
    groups: person.groupMemberships.map((membership) => membership.group),
  };
}

function cursorOf(person: { createdAt: Date; id: string }): string {
  return `${person.createdAt.getTime()}~${person.id}`;
}

function keyset(cursor: string, direction: "older" | "newer"): Prisma.ScimUserWhereInput {
  const [, ms, id] = CURSOR.exec(cursor)!;
  const createdAt = new Date(Number(ms));
  // The plain bound lets the [shopId, createdAt, id] index seek to the cursor (see sync-log.server.ts).
  return direction === "older"
    ? { createdAt: { lte: createdAt }, OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }
    : { createdAt: { gte: createdAt }, OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] };
}

export function peopleWhere(shopId: string, query: PeopleQuery): Prisma.ScimUserWhereInput {
  const and: Prisma.ScimUserWhereInput[] = [{ shopId }];
  if (query.status) and.push({ active: query.status === "active" });
  if (query.sync) and.push({ syncState: query.sync });
  if (query.group) and.push({ groupMemberships: { some: { groupId: query.group } } });
  if (query.q) {
    const key = query.q.toLowerCase();
    and.push({
      OR: [
        { userNameKey: { contains: key } },
        { displayName: { contains: query.q } },
        { externalId: query.q },
        { id: key },
        { emails: { some: { shopId, valueKey: { contains: key } } } },
      ],
    });
  }
  return { AND: and };
}

/** One page of people, newest first. */
export async function listPeople(shopId: string, query: PeopleQuery, limit = PEOPLE_PAGE_SIZE) {
  const where = peopleWhere(shopId, query);
  const newer = !query.after && !!query.before;
  const cursor = query.after ?? query.before;
  const found = await prisma.scimUser.findMany({
    where: cursor ? { AND: [where, keyset(cursor, newer ? "newer" : "older")] } : where,
    orderBy: newer ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: PERSON_SELECT,
  });
  const more = found.length > limit;
  const page = found.slice(0, limit);
  if (newer) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  return {
    rows: page.map(toRow),
    next: last && (newer || more) ? cursorOf(last) : null,
    previous: first && (newer ? more : !!cursor) ? cursorOf(first) : null,
  };
}

export interface PersonDetail extends PersonRow {
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  emails: Array<{ value: string; type: string | null; primary: boolean }>;
  phone: string | null;
  /** Enterprise extension attributes that are set (department, employeeNumber…). */
  enterprise: Array<{ name: string; value: string }>;
  /** The tags the attribute mapping's tag rules put on the customer at the last delivery. */
  attributeTags: string[];
  version: number;
  syncedVersion: number | null;
  updatedAt: string;
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** The shop's groups for the People filter, by name (the first `limit`). */
export async function listGroupChoices(shopId: string, limit = 100) {
  return prisma.scimGroup.findMany({ where: { shopId }, orderBy: { displayNameKey: "asc" }, take: limit, select: { id: true, displayName: true } });
}

/** One person of the shop, or null. */
export async function getPerson(shopId: string, id: string): Promise<PersonDetail | null> {
  const person = await prisma.scimUser.findFirst({ where: { id, shopId }, include: { groupMemberships: PERSON_SELECT.groupMemberships } });
  if (!person) return null;
  const attributes = objectOf(person.attributes);
  const name = objectOf(attributes["name"]);
  const emails = (Array.isArray(attributes["emails"]) ? attributes["emails"] : []).map((entry) => {
    const email = objectOf(entry);
    return { value: String(email["value"] ?? ""), type: typeof email["type"] === "string" ? email["type"] : null, primary: email["primary"] === true };
  });
  const phones = Array.isArray(attributes["phoneNumbers"]) ? attributes["phoneNumbers"].map(objectOf) : [];
  const phone = (phones.find((p) => p["primary"] === true) ?? phones[0])?.["value"];
  const enterprise = Object.entries(objectOf(attributes[ENTERPRISE])).flatMap(([key, value]) => {
    if (typeof value === "string" || typeof value === "number") return [{ name: key, value: String(value) }];
    const complex = objectOf(value);
    const text = complex["displayName"] ?? complex["value"];
    return typeof text === "string" && text ? [{ name: key, value: text }] : [];
  });
  return {
    ...toRow({ ...person, attributes: person.attributes }),
    externalId: person.externalId,
    givenName: typeof name["givenName"] === "string" ? name["givenName"] : null,
    familyName: typeof name["familyName"] === "string" ? name["familyName"] : null,
    emails,
    phone: typeof phone === "string" ? phone : null,
    enterprise,
    attributeTags: storedTags(person.attributeTags),
    version: person.version,
    syncedVersion: person.syncedVersion,
    updatedAt: person.updatedAt.toISOString(),
  };
}
