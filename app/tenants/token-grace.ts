// How long a rotated SCIM token keeps working, so the IdP can be updated without failed calls.
// Client-safe: the Tokens page offers these; app/tenants/scim-tokens.server.ts applies them.
export const GRACE_PERIODS = {
  none: { ms: 0, label: "no grace period" },
  "1h": { ms: 60 * 60_000, label: "1 hour" },
  "24h": { ms: 24 * 60 * 60_000, label: "24 hours" },
  "7d": { ms: 7 * 24 * 60 * 60_000, label: "7 days" },
} as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;
export const GRACE_PERIOD_NAMES = Object.keys(GRACE_PERIODS) as [GracePeriod, ...GracePeriod[]];
