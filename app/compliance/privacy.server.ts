// Shopify's mandatory privacy webhooks: customers/data_request, customers/redact, shop/redact.
// What the app holds about a customer: the directory record(s) of the person linked to that
// customer (or carrying its email), the groups they are a member of, and the provisioning events
// about that person.
import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { cancelWaiting, scrubEvents } from "~/sync/outbox.server";
import { forgetScimCredentials } from "~/tenants/scim-tokens.server";

export interface PrivacyCustomer {
  id?: number | string;
  email?: string | null;
}

const REDACTED_OUTCOME = "Personal data erased at the customer's request (customers/redact).";

function customerGid(customer: PrivacyCustomer): string | null {
  return customer.id !== undefined && /^\d+$/.test(String(customer.id)) ? `gid://shopify/Customer/${customer.id}` : null;
}

/** The directory records that belong to the customer: linked by id, or carrying the same email. */
async function findPeople(shopId: string, customer: PrivacyCustomer) {
  const gid = customerGid(customer);
  const email = customer.email?.trim().toLowerCase();
  const or: Prisma.ScimUserWhereInput[] = [];
  if (gid) or.push({ customerId: gid });
  if (email) or.push({ emails: { some: { shopId, valueKey: email } } });
  if (or.length === 0) return [];
  return prisma.scimUser.findMany({
    where: { shopId, OR: or },
    orderBy: { createdAt: "asc" },
    include: { groupMemberships: { include: { group: { select: { id: true, displayName: true, tag: true } } }, orderBy: { createdAt: "asc" } } },
  });
}

/**
 * customers/data_request: assemble what the app stores about the customer into a report the
 * merchant downloads from the admin and passes on. Redelivery returns the first report.
 */
export async function recordCustomerDataRequest(
  shopDomain: string,
  requestKey: string,
  customer: PrivacyCustomer,
): Promise<{ id: string; people: number; events: number }> {
  const existing = await prisma.complianceRequest.findUnique({
    where: { shopDomain_topic_requestKey: { shopDomain, topic: "customers/data_request", requestKey } },
  });
  const gid = customerGid(customer) ?? "unknown";
  if (existing) {
    const report = existing.report as { people?: unknown[]; events?: unknown[] } | null;
    return { id: existing.id, people: report?.people?.length ?? 0, events: report?.events?.length ?? 0 };
  }
  const shop = await prisma.shop.findUnique({ where: { shopDomain } });
  const people = shop ? await findPeople(shop.id, customer) : [];
  const events = shop
    ? await prisma.provisioningEvent.findMany({
        where: { shopId: shop.id, resourceType: "User", resourceId: { in: people.map((person) => person.id) } },
        orderBy: { createdAt: "asc" },
      })
    : [];
  const report = {
    customerId: gid,
    generatedAt: new Date().toISOString(),
    explanation:
      "Records kept by the SCIM provisioning app: the person as the company's identity provider describes them, and each provisioning change delivered to the store.",
    people: people.map((person) => ({
      scimId: person.id,
      userName: person.userName,
      externalId: person.externalId,
      active: person.active,
      attributes: person.attributes,
      createdAt: person.createdAt.toISOString(),
      updatedAt: person.updatedAt.toISOString(),
      shopifyCustomerId: person.customerId,
      syncState: person.syncState,
      groups: person.groupMemberships.map((membership) => ({
        scimId: membership.group.id,
        displayName: membership.group.displayName,
        customerTag: membership.group.tag,
        memberSince: membership.createdAt.toISOString(),
      })),
    })),
    events: events.map((event) => ({
      at: event.createdAt.toISOString(),
      operation: event.operation,
      state: event.state,
      action: event.action,
      outcome: event.outcome,
    })),
  };
  const row = await prisma.complianceRequest.create({
    data: { shopDomain, topic: "customers/data_request", requestKey, customerId: gid, report },
  });
  return { id: row.id, people: people.length, events: events.length };
}

/**
 * customers/redact: erase the person's personal data (directory record, emails, group
 * memberships; the groups themselves belong to the company and stay) and scrub the
 * events about them, keeping the event rows so counts stay right. Pending events are cancelled,
 * so no queued change re-creates the customer afterwards. Idempotent.
 */
export async function redactCustomer(
  shopDomain: string,
  requestKey: string,
  customer: PrivacyCustomer,
): Promise<{ people: number; memberships: number; eventsScrubbed: number; eventsCancelled: number }> {
  const done = await prisma.complianceRequest.findUnique({
    where: { shopDomain_topic_requestKey: { shopDomain, topic: "customers/redact", requestKey } },
  });
  if (done) return done.summary as { people: number; memberships: number; eventsScrubbed: number; eventsCancelled: number };
  const shop = await prisma.shop.findUnique({ where: { shopDomain } });
  const people = shop ? await findPeople(shop.id, customer) : [];
  const ids = people.map((person) => person.id);
  const summary = await prisma.$transaction(async (tx) => {
    const events = { shopId: shop?.id ?? "", resourceType: "User" as const, resourceIds: ids };
    const cancelled = await cancelWaiting(tx, events);
    const scrubbed = await scrubEvents(tx, events, REDACTED_OUTCOME);
    const memberships = await tx.scimGroupMember.deleteMany({ where: { shopId: shop?.id ?? "", userId: { in: ids } } });
    await tx.scimUser.deleteMany({ where: { shopId: shop?.id ?? "", id: { in: ids } } });
    const counts = { people: ids.length, memberships: memberships.count, eventsScrubbed: scrubbed, eventsCancelled: cancelled };
    await tx.complianceRequest.create({
      data: { shopDomain, topic: "customers/redact", requestKey, customerId: customerGid(customer) ?? "unknown", summary: counts },
    });
    return counts;
  });
  return summary;
}

/** shop/redact (48 hours after uninstall): erase everything the app holds for the shop. */
export async function redactShop(shopDomain: string): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { shopDomain }, select: { id: true } });
  await prisma.$transaction([
    // Cascades to tokens, audit trail, request log, directory, emails and events.
    prisma.shop.deleteMany({ where: { shopDomain } }),
    prisma.session.deleteMany({ where: { shop: shopDomain } }),
    prisma.complianceRequest.deleteMany({ where: { shopDomain } }),
  ]);
  if (shop) forgetScimCredentials(shop.id);
}
