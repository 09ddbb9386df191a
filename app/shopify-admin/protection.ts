// What the Storefront & checkout protection page shows in the browser as well as on the server:
// the checkout message rules and why each access scope is asked for. No server-only imports.

/** Our own limit: one line a buyer reads in checkout. */
export const CHECKOUT_MESSAGE_MAX_LENGTH = 255;

/** The function's own text when the merchant stored none (extensions/deactivated-checkout-block). */
export const DEFAULT_CHECKOUT_MESSAGE =
  "Your account has been deactivated, so you can't check out. Contact your administrator to restore access.";

/** Trimmed merchant text, or null for "use the default"; an error for text the buyer can't be shown. */
export function normalizeCheckoutMessage(input: unknown): { ok: true; value: string | null } | { ok: false; error: string } {
  if (input === null || input === undefined) return { ok: true, value: null };
  if (typeof input !== "string") return { ok: false, error: "The checkout message must be text." };
  const value = input.trim();
  if (value === "") return { ok: true, value: null };
  if (/[\r\n]/.test(value)) return { ok: false, error: "The checkout message must be a single line." };
  if (value.length > CHECKOUT_MESSAGE_MAX_LENGTH) return { ok: false, error: `The checkout message can be at most ${CHECKOUT_MESSAGE_MAX_LENGTH} characters.` };
  return { ok: true, value };
}

export const ERASURE_SCOPE = "write_customer_data_erasure";

/** Why the app asks for each scope, in the merchant's words. */
export const SCOPE_REASONS: Record<string, { title: string; why: string }> = {
  read_customers: {
    title: "View customers",
    why: "Find the customer who already exists for a person your identity provider sends, so nobody gets a second account.",
  },
  write_customers: {
    title: "Manage customers",
    why: "Create and update customers for the people your identity provider manages, and mark the ones it deactivates (a tag and an app-owned field).",
  },
  write_validations: {
    title: "Manage checkout rules",
    why: "Turn on the app's checkout rule, which stops a deactivated person from checking out, and store your message for it.",
  },
  [ERASURE_SCOPE]: {
    title: "Request customer data erasure",
    why: "Only for the SCIM DELETE policy \"Mark and request erasure\": asks Shopify to erase a deleted person's personal data. Not needed otherwise, so the app asks for it only when you want it.",
  },
};
