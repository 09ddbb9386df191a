// The provisioning worker: delivers the outbox (ProvisioningEvent) to Shopify.
//
//   tick()  one scheduling pass: pick shops round-robin, claim keys the shop's budget and
//           concurrency allow, deliver them, wait for those deliveries (tests drive this).
//   run()   the same passes forever, starting new deliveries as slots free up (the app and
//           `npm run worker`); stop() finishes in-flight deliveries and returns.
//
// Time comes from the injected clock (runAt, leases, budget), so tests move time instead of
// sleeping. Handlers per resourceType ("User", "Shop") do the Shopify work through a
// ShopifyCaller, the paced client of pacing.server.ts; the outbox's claims and state changes are
// outbox.server.ts's JobStore.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { PrismaClient, Shop } from "@prisma/client";
import { workerSettings, type WorkerSettings } from "~/env.server";
import { ShopAccessError, ShopifyRequestError, type AdminClients } from "~/shopify-admin/admin-client.server";
import { backoffDelay, type BackoffOptions } from "./backoff";
import type { ShopBudget } from "./budget";
import { JobStore, keyOf, type Group, type Head, type Outcome } from "./outbox.server";
import { ShopPacer, type ShopState, type ShopifyCaller } from "./pacing.server";

export type { ShopifyCaller };

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A failure the IdP admin must fix (a userError, a conflict): fails the group with this reason. */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    /** Written to the ScimUser (syncState "failed") when the user still exists. */
    readonly customerId?: string | null,
  ) {
    super(message);
    this.name = "PermanentDeliveryError";
  }
}

/** What a handler can use: the shop, the claimed events, Shopify (paced), the database. */
export interface DeliveryContext {
  shop: Shop;
  group: Group;
  prisma: PrismaClient;
  shopify: ShopifyCaller;
  now: () => number;
  log: Logger;
}

export interface DeliveryResult extends Outcome {
  /** The attribute tags the customer carries after a user delivery (committed with `writes`). */
  attributeTags?: string[];
  /** Database writes committed together with the events' completion (e.g. the ScimUser row). */
  writes?: (prisma: PrismaClient) => Array<ReturnType<PrismaClient["scimUser"]["updateMany"]>>;
}

export type Handler = (context: DeliveryContext) => Promise<DeliveryResult>;

/** Called when a group fails or is parked, to leave visible state (ScimUser.lastError). */
export type FailureReporter = (
  context: { prisma: PrismaClient; shop: Shop; group: Group; now: () => number },
  failure: { reason: string; permanent: boolean; customerId?: string | null },
) => Promise<void>;

export interface HandlerEntry {
  deliver: Handler;
  reportFailure?: FailureReporter;
  /** Points a delivery is assumed to cost before we have learned it. */
  initialCost?: number;
  /** Runs once per shop before its first delivery (e.g. metafield definitions). */
  prepare?: (context: DeliveryContext) => Promise<void>;
}

/** What the worker works with; the settings default to the environment's (env.server.ts workerSettings). */
export interface WorkerOptions extends Partial<WorkerSettings> {
  prisma: PrismaClient;
  clients: AdminClients;
  handlers: Record<string, HandlerEntry>;
  clock?: Clock;
  workerId?: string;
  backoff?: BackoffOptions;
  logger?: Logger;
}

export interface WorkerStats {
  delivered: number;
  failed: number;
  retried: number;
  throttled: number;
  parked: number;
  requests: number;
  requestedCost: number;
  actualCost: number;
  lostLeases: number;
}

class LeaseLostError extends Error {}

export class ProvisioningWorker {
  readonly workerId: string;
  readonly jobs: JobStore;
  readonly stats: WorkerStats = { delivered: 0, failed: 0, retried: 0, throttled: 0, parked: 0, requests: 0, requestedCost: 0, actualCost: 0, lostLeases: 0 };
  private readonly prisma: PrismaClient;
  private readonly clock: Clock;
  private readonly pacer: ShopPacer;
  private readonly busyKeys = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly prepared = new Map<string, Promise<void>>();
  private readonly expectedCost = new Map<string, number>();
  private readonly options: WorkerSettings;
  private readonly log: Logger;
  private cursor = "";
  /** What the last fresh pass read (schedule). */
  private pass: { at: number; order: string[]; shops: Map<string, Shop>; heads: Map<string, Head[]> } | null = null;
  /** A SCIM write happened since the last fresh pass. */
  private nudged = false;
  private stopping = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly config: WorkerOptions) {
    this.prisma = config.prisma;
    this.clock = config.clock ?? systemClock;
    this.workerId = config.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    // The environment's settings (the one place that reads them), with what the caller overrides.
    const settings = workerSettings();
    const overrides = Object.fromEntries(Object.entries(config).filter(([name, value]) => name in settings && value !== undefined));
    this.options = { ...settings, ...overrides };
    this.log = config.logger ?? silentLogger;
    this.jobs = new JobStore(this.prisma, this.workerId, () => this.clock.now(), this.options.leaseMs);
    this.pacer = new ShopPacer(config.clients, () => this.clock.now(), this.options, this.stats);
  }

  /** How far a shop's in-flight limit may grow: four times the start, within the global cap. */
  private get maxPerShop(): number {
    return Math.max(this.options.perShopConcurrency, Math.min(this.options.perShopConcurrency * 4, this.options.concurrency));
  }

  /** A shop's in-flight limit now (tests and the benchmark read it). */
  concurrencyOf(shopDomain: string): number | undefined {
    return this.pacer.peek(shopDomain)?.limit;
  }

  /** The budget model of a shop (tests and the benchmark read it). */
  budgetOf(shopDomain: string): ShopBudget | undefined {
    return this.pacer.peek(shopDomain)?.budget;
  }

  private costFor(resourceType: string): number {
    return this.expectedCost.get(resourceType) ?? this.config.handlers[resourceType]?.initialCost ?? 40;
  }

  private learnCost(resourceType: string, spent: number): void {
    const previous = this.costFor(resourceType);
    // Lean towards the larger: under-reserving is what would cause THROTTLED.
    const next = spent > previous ? 0.5 * previous + 0.5 * spent : 0.9 * previous + 0.1 * spent;
    this.expectedCost.set(resourceType, Math.max(5, next));
  }

  /** One scheduling pass; waits for the deliveries it started. Returns how many it started. */
  async tick(): Promise<number> {
    const started = await this.schedule();
    await Promise.allSettled([...this.inflight]);
    return started;
  }

  /** Ticks until a pass starts nothing (everything due now is done). Tests and scripts. */
  async drain(maxPasses = 10_000): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      const started = await this.tick();
      total += started;
      if (started === 0) break;
    }
    return total;
  }

  /** Runs until stop(): passes start deliveries as slots and budget allow. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** Wakes an idle run() loop now (e.g. right after a SCIM write recorded an event). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    this.log.info({ workerId: this.workerId }, "provisioning worker started");
    while (!this.stopping) {
      let delay = this.options.pollMs;
      try {
        await this.schedule(true);
        delay = this.nextDelay();
      } catch (error) {
        this.log.error({ err: error instanceof Error ? error.message : String(error) }, "provisioning worker pass failed");
        delay = Math.max(this.options.pollMs, 2_000);
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
        for (const delivery of this.inflight) delivery.then(this.wake, this.wake);
      });
      this.wake = null;
    }
    await Promise.allSettled([...this.inflight]);
    this.log.info({ workerId: this.workerId }, "provisioning worker stopped");
  }

  /** When budget, not work, is what holds a shop back, wake exactly when it has restored. */
  private nextDelay(): number {
    let delay = this.options.pollMs;
    const now = this.clock.now();
    for (const state of this.pacer.states()) {
      if (state.inflight >= state.limit) continue;
      const wait = state.budget.waitFor(this.costFor("User"), now);
      if (wait > 0) delay = Math.min(delay, wait);
    }
    return Math.max(5, delay);
  }

  /**
   * One pass. `reuse` (the run loop): the due shops, their rows and the candidate heads read by
   * the last fresh pass are used again for up to pollMs, so a pass woken by a finished delivery
   * costs one claim instead of four queries (bench/RESULTS.md). A SCIM write (nudge), an empty
   * cache or its age makes the pass fresh; tick() is always fresh. Reusing is safe: a claim is a
   * compare-and-set on the head's state, so a head someone else took or finished is skipped.
   */
  private async schedule(reuse = false): Promise<number> {
    if (this.stopping) return 0;
    const now = this.clock.now();
    let pass = this.pass;
    const exhausted = pass !== null && pass.order.every((id) => pass!.heads.get(id)?.length === 0);
    if (!reuse || this.nudged || pass === null || exhausted || now - pass.at >= this.options.pollMs) {
      this.nudged = false;
      const shopIds = await this.jobs.dueShops();
      if (shopIds.length === 0) {
        this.pass = null;
        return 0;
      }
      // Round-robin: start after the shop served first last time.
      const startAt = shopIds.findIndex((id) => id > this.cursor);
      const order = startAt <= 0 ? shopIds : [...shopIds.slice(startAt), ...shopIds.slice(0, startAt)];
      this.cursor = order[0]!;
      const shops = new Map((await this.prisma.shop.findMany({ where: { id: { in: order } } })).map((shop) => [shop.id, shop]));
      pass = this.pass = { at: now, order, shops, heads: new Map() };
    }
    let started = 0;
    // Several rounds, one key per shop per round, so free global slots are shared fairly.
    for (let round = 0; round < this.maxPerShop; round++) {
      let progressed = false;
      for (const shopId of pass.order) {
        if (this.inflight.size >= this.options.concurrency) return started;
        const shop = pass.shops.get(shopId);
        if (!shop) continue;
        if (await this.startOne(shop, pass.heads)) {
          started++;
          progressed = true;
        }
      }
      if (!progressed) break;
    }
    return started;
  }

  private async startOne(shop: Shop, candidates: Map<string, Head[]>): Promise<boolean> {
    const now = this.clock.now();
    if (shop.uninstalledAt) return false;
    if (shop.deliveryParkedAt && now - shop.deliveryParkedAt.getTime() < this.options.parkMs) return false;
    const state = this.pacer.shop(shop.shopDomain);
    if (state.inflight >= state.limit) {
      if (state.limit < this.maxPerShop && candidates.get(shop.id)?.length !== 0 && state.budget.canStart(this.costFor("User"), now)) state.starved = true;
      return false;
    }
    // Candidates are fetched when the shop has none left (kept across reused passes); another
    // worker may win a head, then we try the next key. [] = fetched, nothing due.
    let heads = candidates.get(shop.id);
    if (!heads) {
      heads = await this.jobs.claimableHeads(shop.id, Math.max(2, state.limit * 2), this.busyKeys);
      candidates.set(shop.id, heads);
    }
    if (heads.length === 0) return false;
    const expected = this.costFor(heads[0]!.resourceType);
    if (!state.budget.canStart(expected, now)) return false;
    let group: Group | null = null;
    let key = "";
    while (heads.length > 0) {
      const head = heads.shift()!;
      key = keyOf(head);
      if (this.busyKeys.has(key)) continue;
      this.busyKeys.add(key);
      try {
        group = await this.jobs.claim(head, shop.id);
      } finally {
        if (!group) this.busyKeys.delete(key);
      }
      if (group) break;
    }
    // Used up (not found empty): the next pass fetches this shop's next heads.
    if (heads.length === 0) candidates.delete(shop.id);
    if (!group) return false;
    state.inflight++;
    const caller = this.pacer.caller(shop.shopDomain, expected, { keep: () => this.keepLease(group!) });
    const delivery = this.deliver(shop, group, state, caller).finally(() => {
      caller.releaseRest();
      state.inflight--;
      if (state.starved) {
        state.limit = Math.min(this.maxPerShop, state.limit + 1);
        state.starved = false;
      }
      this.busyKeys.delete(key);
      this.inflight.delete(delivery);
    });
    this.inflight.add(delivery);
    return true;
  }

  /** Extends the group's lease when half of it has passed; throws when it was taken over. */
  private async keepLease(group: Group): Promise<void> {
    const now = this.clock.now();
    const last = (group as Group & { leasedAt?: number }).leasedAt ?? group.claimedAt;
    if (now - last < this.options.leaseMs / 2) return;
    if (!(await this.jobs.heartbeat(group))) throw new LeaseLostError(`lease on ${group.key} was taken over`);
    (group as Group & { leasedAt?: number }).leasedAt = now;
  }

  private async deliver(shop: Shop, group: Group, state: ShopState, caller: ShopifyCaller & { readonly requested: number }): Promise<void> {
    const handler = this.config.handlers[group.resourceType];
    const context: DeliveryContext = { shop, group, prisma: this.prisma, shopify: caller, now: () => this.clock.now(), log: this.log };
    const startedAt = this.clock.now();
    try {
      if (!handler) throw new PermanentDeliveryError(`No delivery handler for resourceType "${group.resourceType}".`);
      if (handler.prepare) await this.prepareOnce(shop, handler, context);
      const result = await handler.deliver(context);
      const held = await this.jobs.complete(group, result, result.writes?.(this.prisma) ?? []);
      if (held < group.events.length) {
        this.stats.lostLeases++;
        this.log.warn({ key: group.key, workerId: this.workerId }, "lease lost before completion; another worker owns these events");
      }
      this.stats.delivered += held;
      this.learnCost(group.resourceType, caller.requested);
      this.log.info({ shop: shop.shopDomain, key: group.key, action: result.action, events: group.events.length }, result.outcome);
    } catch (error) {
      await this.handleFailure(shop, group, state, handler, error, this.clock.now() - startedAt);
    }
  }

  private async prepareOnce(shop: Shop, handler: HandlerEntry, context: DeliveryContext): Promise<void> {
    const key = `${shop.id}:${context.group.resourceType}`;
    let pending = this.prepared.get(key);
    if (!pending) {
      pending = handler.prepare!(context);
      this.prepared.set(key, pending);
      pending.catch(() => this.prepared.delete(key));
    }
    await pending;
  }

  private async handleFailure(shop: Shop, group: Group, state: ShopState, handler: HandlerEntry | undefined, error: unknown, ms: number): Promise<void> {
    const now = this.clock.now();
    const report = (reason: string, permanent: boolean, customerId?: string | null) =>
      handler?.reportFailure?.({ prisma: this.prisma, shop, group, now: () => this.clock.now() }, { reason, permanent, customerId }).catch(() => {});
    if (error instanceof LeaseLostError) {
      this.stats.lostLeases++;
      this.log.warn({ key: group.key }, error.message);
      return;
    }
    if (error instanceof ShopAccessError) {
      // Park the shop: no attempts burnt, one clear entry, probed again after parkMs.
      this.stats.parked++;
      shop.deliveryParkedAt = await this.jobs.park(group, error.message, new Date(now + this.options.parkMs), ms);
      await report(error.message, false);
      this.log.error({ shop: shop.shopDomain, key: group.key }, `provisioning parked for this store: ${error.message}`);
      return;
    }
    if (error instanceof ShopifyRequestError && error.retryable) {
      const throttled = error.kind === "throttled";
      const head = group.events[0]!;
      const delay = throttled ? Math.max(state.budget.waitFor(10, now), 100) : Math.max(backoffDelay(head.attempts, this.config.backoff), error.retryAfterMs ?? 0);
      const { failed } = await this.jobs.retry(group, error.message, new Date(now + delay), { refund: throttled, ms });
      this.stats.retried += group.events.length - failed;
      this.stats.failed += failed;
      if (failed > 0) await report(`Gave up after ${head.attempts} attempts: ${error.message}`, true);
      return;
    }
    const reason =
      error instanceof PermanentDeliveryError || error instanceof ShopifyRequestError
        ? error.message
        : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    const customerId = error instanceof PermanentDeliveryError ? error.customerId : undefined;
    if (!(error instanceof PermanentDeliveryError) && !(error instanceof ShopifyRequestError)) {
      this.log.error({ key: group.key, err: error instanceof Error ? error.stack : String(error) }, "delivery crashed");
    }
    await this.jobs.fail(group, reason);
    this.stats.failed += group.events.length;
    await report(reason, true, customerId);
  }
}
