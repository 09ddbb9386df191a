// A delivery error in plain words, with what the merchant can do about it. The engine's messages
// (app/sync, app/shopify-admin) are precise but technical; the sync log shows both: this
// explanation first, the exact message underneath. Pure and client-safe.

export interface Explanation {
  /** One sentence: what went wrong. */
  title: string;
  /** What to do next. */
  advice: string;
  /** The engine retries by itself (no action needed unless it keeps failing). */
  retriesByItself: boolean;
}

interface Rule {
  test: RegExp;
  explain: (match: RegExpExecArray, message: string) => Omit<Explanation, "retriesByItself"> & { retriesByItself?: boolean };
}

const RULES: Rule[] = [
  {
    test: /access for this store is missing or was revoked|refused to refresh the access token|No offline session/i,
    explain: () => ({
      title: "The app lost its access to your store, so changes are waiting.",
      advice: "Open the app once from the Shopify admin (Apps → SCIM provisioning). Waiting changes resume by themselves; nothing is lost.",
    }),
  },
  {
    test: /throttled|429 Too Many Requests/i,
    explain: () => ({
      title: "Shopify asked the app to slow down (rate limit).",
      advice: "Nothing to do: the app waits for your store's API budget and tries again. If this keeps happening, another app may be using most of the budget.",
      retriesByItself: true,
    }),
  },
  {
    test: /timed out after|failed before Shopify answered|answered HTTP 5\d\d|Shopify failed /i,
    explain: () => ({
      title: "Shopify could not be reached or had a temporary error.",
      advice: "The app tries again with growing pauses. If it gave up, use Retry once Shopify is available again (shopifystatus.com).",
      retriesByItself: true,
    }),
  },
  {
    test: /store frozen or locked|HTTP 402|HTTP 423/i,
    explain: () => ({
      title: "Your store is frozen or locked (for example an unpaid plan), so Shopify refuses changes.",
      advice: "Unlock the store in Shopify, then use Retry.",
    }),
  },
  {
    test: /already linked to SCIM user "([^"]*)"/i,
    explain: (match) => ({
      title: `Another person from your identity provider (${match[1]}) already uses this customer's email.`,
      advice: "One customer can stand for only one person. Give this person a different email in your identity provider, or remove the other person, then Retry.",
    }),
  },
  {
    test: /email.*(has already been taken|is taken|already exists)/i,
    explain: () => ({
      title: "Shopify says another customer already uses this email.",
      advice: "Check the customer with this email in Shopify. Retry links the person to it if it is not linked to anyone else.",
    }),
  },
  {
    test: /email.*(is invalid|not valid)/i,
    explain: () => ({
      title: "Shopify does not accept this person's email address.",
      advice: "Correct the email in your identity provider; the next change is delivered by itself.",
    }),
  },
  {
    test: /phone.*(is invalid|not valid|has already been taken)/i,
    explain: () => ({
      title: "Shopify does not accept this person's phone number (invalid, or used by another customer).",
      advice: "Correct the phone in your identity provider, or stop mapping the phone in Settings → Attribute mapping, then Retry.",
    }),
  },
  {
    test: /write_customer_data_erasure/i,
    explain: () => ({
      title: "The customer was marked, but the app may not request data erasure in this store.",
      advice: "Choose another SCIM DELETE policy in Settings, or grant the app the data erasure permission, then Retry.",
    }),
  },
  {
    test: /metafield definition/i,
    explain: () => ({
      title: "The app could not set up its customer fields (metafield definitions) in your store.",
      advice: "Check Settings → Custom data → Customers in Shopify for a field in the app's namespace that conflicts, then Retry.",
    }),
  },
  {
    test: /deleted in Shopify; not re-created/i,
    explain: () => ({
      title: "The linked customer was deleted in Shopify, and your settings say to report it instead of re-creating it.",
      advice: "Change \"When a linked customer is deleted in Shopify\" to Re-create in Settings, then Retry, or leave the person unlinked.",
    }),
  },
  {
    test: /creating customers is off/i,
    explain: () => ({
      title: "No customer has this person's email, and this store only links existing customers.",
      advice: "Create the customer in Shopify, or turn on \"Create new customers\" on the Overview page, then Retry.",
    }),
  },
  {
    test: /kept disappearing|concurrent/i,
    explain: () => ({
      title: "The customer changed in Shopify while the app was updating it.",
      advice: "Use Retry; it usually succeeds the second time.",
    }),
  },
  {
    test: /Shopify (rejected|refused)/i,
    explain: () => ({
      title: "Shopify refused the change.",
      advice: "The exact reason is below. Fix the person's data in your identity provider (or the customer in Shopify), then Retry.",
    }),
  },
];

/** The explanation of an event's last error, or null when there is none. */
export function explainError(message: string | null | undefined): Explanation | null {
  if (!message) return null;
  const exhausted = /^Gave up after (\d+) attempts/i.exec(message);
  for (const rule of RULES) {
    const match = rule.test.exec(message);
    if (!match) continue;
    const found = rule.explain(match, message);
    const retriesByItself = !exhausted && (found.retriesByItself ?? false);
    const title = exhausted ? `${found.title} The app gave up after ${exhausted[1]} attempts.` : found.title;
    return { title, advice: found.advice, retriesByItself };
  }
  return {
    title: exhausted ? `Delivery failed ${exhausted[1]} times in a row.` : "Delivery to Shopify failed.",
    advice: "The exact message is below. Use Retry; if it fails again, contact support with the event id.",
    retriesByItself: false,
  };
}
