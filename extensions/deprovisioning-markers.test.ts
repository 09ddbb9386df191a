// deprovisioning-markers.json is the contract between the provisioning engine, which writes the
// markers, and the two extensions, which read them. These tests fail if either extension reads a
// tag, namespace, key or value other than the ones written down there.
import { Kind, visit, type ArgumentNode, type FieldNode, type ValueNode } from "graphql";
import { describe, expect, it } from "vitest";
import { cartValidationsGenerateRun, DEFAULT_MESSAGE } from "./deactivated-checkout-block/src/cart_validations_generate_run.js";
import { loadInputQuery } from "./deactivated-checkout-block/tests/input-query";
import markers from "./deprovisioning-markers.json";
import { activeMetafield, renderEmbed } from "./deprovisioning-embed/tests/render";

function literal(value: ValueNode): unknown {
  if (value.kind === Kind.LIST) return value.values.map(literal);
  if (value.kind === Kind.STRING) return value.value;
  throw new Error(`unexpected ${value.kind} argument in the input query`);
}

/** Each field of the input query with its parent's field name and its literal arguments. */
function queriedFields(): { parent: string; field: string; args: Record<string, unknown> }[] {
  const found: { parent: string; field: string; args: Record<string, unknown> }[] = [];
  const parents: string[] = [];
  visit(loadInputQuery(), {
    Field: {
      enter(node: FieldNode) {
        const args = Object.fromEntries(node.arguments?.map((arg: ArgumentNode) => [arg.name.value, literal(arg.value)]) ?? []);
        found.push({ parent: parents.at(-1) ?? "", field: node.name.value, args });
        parents.push(node.name.value);
      },
      leave() {
        parents.pop();
      },
    },
  });
  return found;
}

describe("deprovisioning markers: checkout function", () => {
  const fields = queriedFields();

  it("asks for exactly the deactivated tag", () => {
    const tagFields = fields.filter(({ field }) => field === "hasAnyTag" || field === "hasTags");
    expect(tagFields).toEqual([{ parent: "customer", field: "hasAnyTag", args: { tags: [markers.deactivatedTag] } }]);
  });

  it("reads the active metafield on the customer and the message metafield on the validation", () => {
    const metafields = fields.filter(({ field }) => field === "metafield");
    expect(metafields).toEqual([
      { parent: "customer", field: "metafield", args: { namespace: markers.activeMetafield.namespace, key: markers.activeMetafield.key } },
      {
        parent: "validation",
        field: "metafield",
        args: { namespace: markers.checkoutMessageMetafield.namespace, key: markers.checkoutMessageMetafield.key },
      },
    ]);
  });

  const signedIn = (active: string) =>
    cartValidationsGenerateRun({
      cart: {
        buyerIdentity: {
          isAuthenticated: true,
          customer: { id: "gid://shopify/Customer/1", deactivatedTag: false, active: { value: active } },
          purchasingCompany: null,
        },
      },
      validation: { checkoutMessage: null },
    }).operations[0].validationAdd.errors;

  it("treats the metafield's deactivated value as deactivated and its active value as active", () => {
    expect(signedIn(markers.activeMetafield.deactivatedValue)).toEqual([{ message: DEFAULT_MESSAGE, target: "$.cart" }]);
    expect(signedIn(markers.activeMetafield.activeValue)).toEqual([]);
  });
});

describe("deprovisioning markers: theme embed", () => {
  const hasPanel = (html: string) => html.includes('id="scim-deactivated"');

  it("recognises the deactivated tag on its own", async () => {
    expect(hasPanel(await renderEmbed({ customer: { tags: [markers.deactivatedTag] } }))).toBe(true);
    expect(hasPanel(await renderEmbed({ customer: { tags: [markers.provisionedTag] } }))).toBe(false);
  });

  it("recognises the metafield's deactivated value on its own", async () => {
    const withActive = (value: string) => renderEmbed({ customer: { metafields: [activeMetafield(value)] } });
    expect(hasPanel(await withActive(markers.activeMetafield.deactivatedValue))).toBe(true);
    expect(hasPanel(await withActive(markers.activeMetafield.activeValue))).toBe(false);
  });
});
