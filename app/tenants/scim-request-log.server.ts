// The last SCIM requests each shop's identity provider made, for "test connection" in the admin:
// when the IdP last called, what (method and path, no query string), how it was answered and
// which client it was (User-Agent). Never a token, a query string or a body.
//
// Recording must not slow SCIM down: requests are kept in memory and written to one row per shop
// at most once per FLUSH_INTERVAL_MS, after the response, never awaited by the request. The admin
// therefore sees a request within about a second; a crash loses at most that second.
import type { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { peekScimTokenShop } from "./scim-tokens.server";

export const KEPT_REQUESTS = 20;
const FLUSH_INTERVAL_MS = 1_000;
const MAX_USER_AGENT = 200;
const MAX_PATH = 300;

export interface RecordedScimRequest {
  /** ISO time the request arrived. */
  at: string;
  method: string;
  /** The URL path, e.g. /scim/v2/Users/2819c223-…; never the query string. */
  path: string;
  status: number;
  userAgent: string | null;
  ms: number;
}

interface Pending {
  requests: RecordedScimRequest[];
  timer: NodeJS.Timeout | null;
  lastFlush: number;
  flushing: Promise<void> | null;
}

const pending = new Map<string, Pending>();

/**
 * Called by the SCIM frame after answering: records the request for the shop it authenticated
 * as, or, when it was refused, for the shop whose revoked or expired token (or switched-off
 * SCIM) it used. Requests with unknown tokens belong to no shop and are not recorded.
 */
export function noteScimRequest(request: Request, shopId: string | undefined, status: number, startedAt: Date, ms: number): void {
  const owner = shopId ?? peekScimTokenShop(request);
  if (owner) recordScimRequest(owner, request, status, startedAt, ms);
}

/** Records one SCIM request of a shop. */
export function recordScimRequest(
  shopId: string,
  request: Request,
  status: number,
  startedAt: Date,
  ms: number,
): void {
  const url = new URL(request.url);
  const entry: RecordedScimRequest = {
    at: startedAt.toISOString(),
    method: request.method.toUpperCase(),
    path: url.pathname.slice(0, MAX_PATH),
    status,
    userAgent: request.headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
    ms: Math.round(ms * 10) / 10,
  };
  let slot = pending.get(shopId);
  if (!slot) {
    slot = { requests: [], timer: null, lastFlush: 0, flushing: null };
    pending.set(shopId, slot);
  }
  slot.requests.push(entry);
  if (slot.requests.length > KEPT_REQUESTS) slot.requests.splice(0, slot.requests.length - KEPT_REQUESTS);
  scheduleFlush(shopId, slot);
}

function scheduleFlush(shopId: string, slot: Pending): void {
  if (slot.timer) return;
  const wait = Math.max(0, slot.lastFlush + FLUSH_INTERVAL_MS - Date.now());
  slot.timer = setTimeout(() => {
    slot.timer = null;
    void flushShop(shopId, slot);
  }, wait);
  slot.timer.unref?.();
}

async function flushShop(shopId: string, slot: Pending): Promise<void> {
  if (slot.flushing) await slot.flushing;
  if (slot.requests.length === 0) return;
  const batch = slot.requests.splice(0, slot.requests.length);
  slot.lastFlush = Date.now();
  slot.flushing = writeBatch(shopId, batch).finally(() => {
    slot.flushing = null;
  });
  await slot.flushing;
}

async function writeBatch(shopId: string, batch: RecordedScimRequest[]): Promise<void> {
  try {
    const existing = await prisma.scimRequestLog.findUnique({ where: { shopId }, select: { requests: true } });
    const previous = Array.isArray(existing?.requests) ? (existing.requests as unknown as RecordedScimRequest[]) : [];
    const requests = [...batch.reverse(), ...previous].slice(0, KEPT_REQUESTS) as unknown as Prisma.InputJsonValue;
    await prisma.scimRequestLog.upsert({ where: { shopId }, create: { shopId, requests }, update: { requests } });
  } catch (error) {
    // The shop may have been deleted meanwhile; the log is a convenience, never a failure.
    logger.warn({ shopId, err: error instanceof Error ? error.message : String(error) }, "could not record SCIM requests");
  }
}

/** Writes everything recorded so far now (tests, shutdown). */
export async function flushScimRequestLog(): Promise<void> {
  await Promise.all(
    [...pending.entries()].map(async ([shopId, slot]) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      await flushShop(shopId, slot);
    }),
  );
}

/** The shop's recent SCIM requests, newest first. */
export async function recentScimRequests(shopId: string): Promise<RecordedScimRequest[]> {
  const row = await prisma.scimRequestLog.findUnique({ where: { shopId }, select: { requests: true } });
  return Array.isArray(row?.requests) ? (row.requests as unknown as RecordedScimRequest[]) : [];
}
