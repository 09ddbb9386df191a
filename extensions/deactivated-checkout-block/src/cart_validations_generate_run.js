// @ts-check

// The checkout gate for deprovisioned people. Shopify has no API to disable a customer account,
// so the provisioning engine marks the customer instead (extensions/deprovisioning-markers.json),
// and this function refuses checkout for a customer who carries either mark. It is a pure
// function of its input: Shopify runs it, and the tests call it directly on fixtures.

/**
 * The input, as selected by cart_validations_generate_run.graphql (aliases included).
 * `shopify app function typegen` generates the same types into generated/api.ts.
 *
 * @typedef {{ value: string } | null} MetafieldValue
 * @typedef {{
 *   id: string,
 *   deactivatedTag: boolean,
 *   active: MetafieldValue,
 * }} Customer
 * @typedef {{
 *   cart: {
 *     buyerIdentity: {
 *       isAuthenticated: boolean,
 *       customer: Customer | null,
 *       purchasingCompany: { company: { id: string } } | null,
 *     } | null,
 *   },
 *   validation: { checkoutMessage: MetafieldValue },
 * }} CartValidationsGenerateRunInput
 * @typedef {{ message: string, target: string }} ValidationError
 * @typedef {{ operations: { validationAdd: { errors: ValidationError[] } }[] }} CartValidationsGenerateRunResult
 */

/** Shown when the merchant has not stored their own wording on the validation. */
export const DEFAULT_MESSAGE =
  "Your account has been deactivated, so you can't check out. Contact your administrator to restore access.";

/**
 * @param {CartValidationsGenerateRunInput} input
 * @returns {CartValidationsGenerateRunResult}
 */
export function cartValidationsGenerateRun(input) {
  // A B2B buyer is judged as the person they are: a company cannot vouch for a deactivated contact,
  // so purchasingCompany plays no part. Neither does isAuthenticated: if Shopify attaches a marked
  // customer record to the cart, that person was deprovisioned however they got here.
  const customer = input.cart.buyerIdentity?.customer ?? null;
  /** @type {ValidationError[]} */
  const errors = [];
  if (customer && isDeactivated(customer)) {
    // "$.cart" puts the error on the cart as a whole: no field the buyer could edit fixes it.
    errors.push({ message: checkoutMessage(input), target: "$.cart" });
  }
  return { operations: [{ validationAdd: { errors } }] };
}

/**
 * Either signal is enough. The metafield is authoritative and only this app can write it; the
 * tag is what staff can see and set, so a person tagged by hand is blocked too.
 *
 * @param {Customer} customer
 */
function isDeactivated(customer) {
  return customer.deactivatedTag || customer.active?.value === "false";
}

/** @param {CartValidationsGenerateRunInput} input */
function checkoutMessage(input) {
  const custom = input.validation.checkoutMessage?.value.trim();
  return custom || DEFAULT_MESSAGE;
}
