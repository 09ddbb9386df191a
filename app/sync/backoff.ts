// Capped exponential backoff with jitter for retryable delivery failures (5xx, timeouts, dropped
// connections, THROTTLED, 429). Attempt n waits base × 2^(n−1), capped, then "equal jitter":
// half fixed, half random, so a burst of failures does not come back as a burst.

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 2_000, capMs: 15 * 60_000 } as const;

export function backoffDelay(attempts: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const cap = options.capMs ?? DEFAULT_BACKOFF.capMs;
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(cap, base * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
