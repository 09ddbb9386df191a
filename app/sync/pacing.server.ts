// Shopify call pacing: each shop's budget model (budget.ts) and in-flight limit, and every Admin
// API request the engine makes, paced by them. The worker decides what to start; a delivery gets
// a ShopifyCaller (a small paced client) and never calls back into the worker.
//
//   call()   a request covered by what the delivery reserved when it was claimed; every answer's
//            throttleStatus updates the shop's model.
//   paced()  a request that waits (real time) until the shop's bucket can pay `estimate` points:
//            long jobs (reconcile) whose many requests the claim-time reservation does not cover.
// Both extend the delivery's lease first (the Lease the worker hands in).
import { ShopifyRequestError, type AdminClients, type CostInfo } from "~/shopify-admin/admin-client.server";
import { ShopBudget } from "./budget";

/** Per shop: the budget model and what is in flight. */
export interface ShopState {
  budget: ShopBudget;
  inflight: number;
  consecutiveThrottles: number;
  /**
   * Deliveries allowed in flight now. Starts at perShopConcurrency and grows by one each time a
   * delivery ends while work waited on slots, not on budget (slow answers, a loaded machine),
   * up to the worker's maximum; THROTTLED halves it. The budget model still decides what may start.
   */
  limit: number;
  /** A pass found due work, budget to pay for it, and no free slot. */
  starved: boolean;
}

export interface PacingStats {
  requests: number;
  requestedCost: number;
  actualCost: number;
  throttled: number;
}

/** Keeps a delivery's lease (the worker's): throws when another worker took it over. */
export interface Lease {
  keep(): Promise<void>;
}

/** What a delivery's handler uses to call Shopify. */
export interface ShopifyCaller {
  call<T>(document: string, variables: Record<string, unknown>): Promise<T>;
  paced<T>(document: string, variables: Record<string, unknown>, estimate: number): Promise<T>;
  /** Extends the lease during long work between requests (reconcile's directory pass). */
  keepLease(): Promise<void>;
}

export interface PacerOptions {
  requestTimeoutMs: number;
  perShopConcurrency: number;
}

/** The process's pacing of every shop it delivers to. */
export class ShopPacer {
  private readonly shops = new Map<string, ShopState>();

  constructor(
    private readonly clients: AdminClients,
    private readonly now: () => number,
    private readonly options: PacerOptions,
    readonly stats: PacingStats,
  ) {}

  shop(shopDomain: string): ShopState {
    let state = this.shops.get(shopDomain);
    if (!state) {
      state = { budget: new ShopBudget(this.now()), inflight: 0, consecutiveThrottles: 0, limit: this.options.perShopConcurrency, starved: false };
      this.shops.set(shopDomain, state);
    }
    return state;
  }

  /** A shop's state if it was ever paced (tests and the benchmark read it). */
  peek(shopDomain: string): ShopState | undefined {
    return this.shops.get(shopDomain);
  }

  states(): IterableIterator<ShopState> {
    return this.shops.values();
  }

  /** One request; `charged` learns the requested cost of every answer (THROTTLED ones too). */
  private async request<T>(shopDomain: string, state: ShopState, document: string, variables: Record<string, unknown>, charged: (requested: number) => void): Promise<T> {
    this.stats.requests++;
    const onCost = (cost: CostInfo) => {
      this.stats.requestedCost += cost.requestedQueryCost;
      if (cost.actualQueryCost !== null) this.stats.actualCost += cost.actualQueryCost;
      state.budget.observe(cost.throttleStatus, this.now(), cost.actualQueryCost);
      charged(cost.requestedQueryCost);
    };
    try {
      const data = await this.clients.request<T>(shopDomain, document, variables, { timeoutMs: this.options.requestTimeoutMs, onCost });
      state.consecutiveThrottles = 0;
      return data;
    } catch (error) {
      if (error instanceof ShopifyRequestError && error.kind === "throttled") {
        this.stats.throttled++;
        state.consecutiveThrottles++;
        state.limit = Math.max(this.options.perShopConcurrency, Math.floor(state.limit / 2));
        const requested = error.cost?.requestedQueryCost ?? 10;
        const now = this.now();
        const wait = state.budget.throttled(error.cost?.throttleStatus, requested, now);
        // Repeated THROTTLED (a storm): back off further, up to 30 s.
        state.budget.pause(Math.max(wait, Math.min(30_000, 250 * 2 ** Math.min(state.consecutiveThrottles, 7))), now);
      }
      if (error instanceof ShopifyRequestError && error.kind === "rate_limited") {
        state.budget.pause(error.retryAfterMs ?? 1_000, this.now());
      }
      throw error;
    }
  }

  /** Waits until the shop's bucket can pay `estimate`, reserves it, and spends it on one request. */
  private async paced<T>(shopDomain: string, document: string, variables: Record<string, unknown>, estimate: number): Promise<T> {
    const state = this.shop(shopDomain);
    for (;;) {
      const wait = state.budget.waitFor(estimate, this.now());
      if (wait === 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 5_000)));
    }
    state.budget.reserve(estimate);
    let reserved = estimate;
    try {
      return await this.request<T>(shopDomain, state, document, variables, (requested) => {
        const covered = Math.min(reserved, requested);
        reserved -= covered;
        state.budget.release(covered);
      });
    } finally {
      state.budget.release(reserved);
    }
  }

  /**
   * The paced client of one delivery that reserved `reservation` points when it was claimed:
   * each answer releases what it covered; `releaseRest` gives back the rest when it ends.
   */
  caller(shopDomain: string, reservation: number, lease: Lease): ShopifyCaller & { readonly requested: number; releaseRest(): void } {
    const state = this.shop(shopDomain);
    state.budget.reserve(reservation);
    let left = reservation;
    let requested = 0;
    return {
      get requested() {
        return requested;
      },
      call: async <T>(document: string, variables: Record<string, unknown>) => {
        await lease.keep();
        return this.request<T>(shopDomain, state, document, variables, (cost) => {
          requested += cost;
          const covered = Math.min(left, cost);
          left -= covered;
          state.budget.release(covered);
        });
      },
      paced: async <T>(document: string, variables: Record<string, unknown>, estimate: number) => {
        await lease.keep();
        return this.paced<T>(shopDomain, document, variables, estimate);
      },
      keepLease: () => lease.keep(),
      releaseRest: () => {
        state.budget.release(left);
        left = 0;
      },
    };
  }
}
