// Every time-dependent decision in the twin (token expiry, session-token checks,
// the leaky bucket, timestamps) reads this clock, so tests can move time instead of sleeping.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  private epochMs: number;

  constructor(start: Date | number = Date.parse("2026-11-28T12:00:00Z")) {
    this.epochMs = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.epochMs;
  }

  advance(ms: number): void {
    this.epochMs += ms;
  }

  set(epochMs: number): void {
    this.epochMs = epochMs;
  }
}

/** Shopify renders DateTime without fractional seconds: 2026-11-28T12:00:00Z. */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
