import { describe, expect, it } from "vitest";
import { ACCESS_LOST_MESSAGE } from "~/shopify-admin/admin-client.server";
import { explainError } from "./explain";

describe("explainError", () => {
  it("is null without an error", () => {
    expect(explainError(null)).toBeNull();
    expect(explainError("")).toBeNull();
  });

  it("explains the engine's messages in plain words, with what to do", () => {
    const cases: Array<[string, RegExp, boolean]> = [
      [`Shopify answered HTTP 403 to customerCreate. ${ACCESS_LOST_MESSAGE}`, /lost its access/, false],
      ["Shopify throttled customerUpdate (THROTTLED).", /slow down/, true],
      ["Shopify answered HTTP 503 to customerCreate.", /could not be reached/, true],
      ["customerCreate timed out after 15000 ms.", /could not be reached/, true],
      ['The customer with email a@b.c (gid://shopify/Customer/1) is already linked to SCIM user "ann@b.c". One customer cannot stand for two people.', /\(ann@b\.c\) already uses/, false],
      ["Shopify refused to create the customer: email: Email is invalid", /does not accept this person's email/, false],
      ["Shopify refused to create the customer: phone: Phone is invalid", /phone number/, false],
      ["Marked customer gid://shopify/Customer/9, but could not request data erasure: the app lacks the write_customer_data_erasure scope.", /data erasure/, false],
      ["No matching customer with email a@b.c: this store only links existing customers (creating customers is off).", /only links existing customers/, false],
      ["Shopify rejected customerUpdate: Field 'x' doesn't exist", /refused the change/, false],
    ];
    for (const [message, title, retries] of cases) {
      const explanation = explainError(message)!;
      expect(explanation.title, message).toMatch(title);
      expect(explanation.advice.length, message).toBeGreaterThan(20);
      expect(explanation.retriesByItself, message).toBe(retries);
    }
  });

  it("says when the engine gave up, and then it no longer retries by itself", () => {
    const explanation = explainError("Gave up after 10 attempts. Last error: Shopify answered HTTP 502 to customerCreate.")!;
    expect(explanation.title).toMatch(/could not be reached.*gave up after 10 attempts/);
    expect(explanation.retriesByItself).toBe(false);
    expect(explanation.advice).toMatch(/Retry/);
  });

  it("falls back to a generic explanation that points at Retry", () => {
    expect(explainError("Unexpected error: boom")).toEqual({
      title: "Delivery to Shopify failed.",
      advice: expect.stringMatching(/Retry/),
      retriesByItself: false,
    });
  });
});
