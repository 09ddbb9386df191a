import type { Clock } from "../clock";

// Shopify's leaky bucket, one per app and shop: it refills at the plan's restore rate up to
// 20 × that rate; a query needs its requested cost available, is charged that much up front and
// refunded the difference once the actual cost is known.

export const BUCKET_SIZE_SECONDS = 20;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    private maximum: number,
    private restoreRate: number,
    now: number,
  ) {
    this.available = maximum;
    this.updatedAt = now;
  }

  refill(now: number, restoreRate: number): void {
    this.available = Math.min(this.maximum, this.available + ((now - this.updatedAt) / 1000) * this.restoreRate);
    this.updatedAt = now;
    if (restoreRate !== this.restoreRate) {
      // A plan change takes effect immediately; the bucket keeps its level, capped at the new size.
      this.restoreRate = restoreRate;
      this.maximum = restoreRate * BUCKET_SIZE_SECONDS;
      this.available = Math.min(this.available, this.maximum);
    }
  }

  tryTake(points: number): boolean {
    if (points > this.available) return false;
    this.available -= points;
    return true;
  }

  give(points: number): void {
    this.available = Math.min(this.maximum, this.available + points);
  }

  status(): ThrottleStatus {
    return { maximumAvailable: this.maximum, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}

export class Throttle {
  private readonly buckets = new Map<string, LeakyBucket>();

  constructor(private readonly clock: Clock) {}

  private bucket(shop: string, appKey: string, restoreRate: number): LeakyBucket {
    const key = `${shop} ${appKey}`;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new LeakyBucket(restoreRate * BUCKET_SIZE_SECONDS, restoreRate, now);
      this.buckets.set(key, bucket);
    }
    bucket.refill(now, restoreRate);
    return bucket;
  }

  /** Charges the requested cost; returns null when the bucket lacks the points (THROTTLED). */
  charge(shop: string, appKey: string, restoreRate: number, requestedCost: number): { settle(actualCost: number): ThrottleStatus } | null {
    const bucket = this.bucket(shop, appKey, restoreRate);
    if (!bucket.tryTake(requestedCost)) return null;
    return {
      settle: (actualCost) => {
        bucket.give(Math.max(0, requestedCost - actualCost));
        return bucket.status();
      },
    };
  }

  status(shop: string, appKey: string, restoreRate: number): ThrottleStatus {
    return this.bucket(shop, appKey, restoreRate).status();
  }

  reset(): void {
    this.buckets.clear();
  }
}
