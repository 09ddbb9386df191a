// The customer-tag planner (customer-tags.ts): marks, attribute tags and group tags into one
// add/remove set, never touching a tag the engine did not give.
import { describe, expect, it } from "vitest";
import { DEACTIVATED_TAG, PROVISIONED_TAG, hasTag, isEngineMark, planCustomerTags, staleAttributeTags } from "./customer-tags";

describe("planCustomerTags", () => {
  it("marks a deactivated person and unmarks a reactivated one, leaving the merchant's tags alone", () => {
    expect(planCustomerTags({ customer: { tags: ["VIP"] }, active: false })).toEqual({ add: [PROVISIONED_TAG, DEACTIVATED_TAG], remove: [] });
    expect(planCustomerTags({ customer: { tags: ["SCIM", "Scim:Deactivated", "VIP"] }, active: true })).toEqual({ add: [], remove: [DEACTIVATED_TAG] });
    expect(planCustomerTags({ customer: { tags: ["scim"] }, active: true })).toEqual({ add: [], remove: [] });
  });

  it("swaps attribute tags the rules no longer give, unless a group of the person gives them", () => {
    const customer = { tags: ["scim", "department:Sales", "department:Legal", "office:paris"] };
    const attributes = { wanted: ["department:Finance", "office:Paris"], previous: ["department:Sales", "department:Legal", "office:paris"] };
    expect(staleAttributeTags(customer, attributes)).toEqual(["department:Sales", "department:Legal", "office:paris"]);
    // A respelled tag goes in its old spelling and comes back in the new one.
    expect(planCustomerTags({ customer, active: true, attributes: { ...attributes, groupTags: ["Department:Legal"] } })).toEqual({
      add: ["department:Finance", "office:Paris"],
      remove: ["department:Sales", "office:paris"],
    });
  });

  it("sends every group tag, and removes only the left-behind ones no group or attribute rule gives", () => {
    const plan = planCustomerTags({ groups: { current: ["group:Sales", "group:EMEA"], candidates: ["group:Old", "group:Old", "group:sales", "group:EMEA", "dept:x"], attributeTags: ["DEPT:X"] } });
    expect(plan).toEqual({ add: ["group:Sales", "group:EMEA"], remove: ["group:Old", "group:sales"] });
  });

  it("knows the engine's own marks, case-insensitively", () => {
    expect([isEngineMark("SCIM"), isEngineMark("scim:deactivated"), isEngineMark("scim:other")]).toEqual([true, true, false]);
    expect(hasTag({ tags: ["Group:Sales"] }, "group:sales")).toBe(true);
  });
});
