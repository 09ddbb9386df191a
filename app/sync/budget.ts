// A model of one shop's GraphQL Admin API budget (Shopify's leaky bucket), kept from the
// `extensions.cost.throttleStatus` of every response, so the worker only starts work the bucket
// can pay for and steady state never meets THROTTLED. Plain TypeScript: no I/O, time injected.
//
//   available(t) = min(maximum, reported + restoreRate × (t − observedAt)) − reserved
//
// `reserved` is what in-flight deliveries may still spend. A response's throttleStatus already
// includes the request that produced it, and perhaps some other in-flight ones, so counting all
// reservations again errs on the safe side: it lowers the level the bucket idles at, not the rate.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface BudgetOptions {
  /** Assumed before the first response: Shopify's Standard plan (100 points/s, bucket 2,000). */
  initial?: ThrottleStatus;
  /** Points kept in hand for clock skew between us and Shopify. */
  margin?: number;
}

export const STANDARD_PLAN: ThrottleStatus = { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };

export class ShopBudget {
  private maximum: number;
  private reported: number;
  private restoreRate: number;
  private observedAt: number;
  private reservedPoints = 0;
  private readonly margin: number;
  /** No new work before this time (set by THROTTLED answers and 429 Retry-After). */
  private pausedUntil = 0;
  throttledCount = 0;
  spent = 0;

  constructor(now: number, options: BudgetOptions = {}) {
    const initial = options.initial ?? STANDARD_PLAN;
    this.maximum = initial.maximumAvailable;
    this.reported = initial.currentlyAvailable;
    this.restoreRate = initial.restoreRate;
    this.observedAt = now;
    this.margin = options.margin ?? 2;
  }

  get rate(): number {
    return this.restoreRate;
  }

  get capacity(): number {
    return this.maximum;
  }

  get reserved(): number {
    return this.reservedPoints;
  }

  /** Points Shopify would have now, by the model, less what in-flight work may still spend. */
  available(now: number): number {
    const restored = this.reported + (this.restoreRate * Math.max(0, now - this.observedAt)) / 1000;
    return Math.min(this.maximum, restored) - this.reservedPoints - this.margin;
  }

  /** Milliseconds until `points` can be started (0 = now). */
  waitFor(points: number, now: number): number {
    const pause = Math.max(0, this.pausedUntil - now);
    const need = Math.min(points, this.maximum - this.margin) - this.available(now);
    const refill = need <= 0 ? 0 : Math.ceil((need * 1000) / this.restoreRate);
    return Math.max(pause, refill);
  }

  canStart(points: number, now: number): boolean {
    return this.waitFor(points, now) === 0;
  }

  reserve(points: number): void {
    this.reservedPoints += points;
  }

  release(points: number): void {
    this.reservedPoints = Math.max(0, this.reservedPoints - points);
  }

  /** Every response (success, userErrors, THROTTLED alike) reports the bucket. */
  observe(status: ThrottleStatus, now: number, actualCost?: number | null): void {
    this.maximum = status.maximumAvailable;
    this.reported = status.currentlyAvailable;
    this.restoreRate = status.restoreRate > 0 ? status.restoreRate : this.restoreRate;
    this.observedAt = now;
    if (actualCost) this.spent += actualCost;
  }

  /** A THROTTLED answer: nothing more until the requested cost has restored. */
  throttled(status: ThrottleStatus | undefined, requestedCost: number, now: number): number {
    this.throttledCount++;
    if (status) this.observe(status, now);
    const wait = Math.ceil((Math.max(requestedCost - (status?.currentlyAvailable ?? 0), 1) * 1000) / this.restoreRate);
    this.pause(wait, now);
    return wait;
  }

  pause(ms: number, now: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
  }
}
