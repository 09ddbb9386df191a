import { isoSeconds } from "../clock";
import { accessDenied, asEntity, notImplemented, type Args, type ResolverContext } from "../graphql/execute";
import { normalizeTags, sortTags, tagProblems } from "./customer-input";
import { parseGid } from "./gid";

// tagsAdd / tagsRemove for customers. Tags compare case-insensitively: adding "vip" to a customer
// tagged "VIP" changes nothing, removing "vip" removes "VIP".

const TAGGABLE_ELSEWHERE = new Set(["Order", "DraftOrder", "Product", "Article"]);

function taggedCustomer(args: Args, context: ResolverContext, mutation: string) {
  const gid = typeof args.id === "string" ? parseGid(args.id) : null;
  if (gid && TAGGABLE_ELSEWHERE.has(gid.typeName)) throw notImplemented(`${mutation} on ${gid.typeName}`);
  if (gid?.typeName === "Customer" && !context.granted.has("write_customers")) throw accessDenied(mutation, "`write_customers` access scope.");
  return gid?.typeName === "Customer" ? context.shop.getCustomer(gid.id) ?? null : null;
}

function notFound() {
  return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
}

export function tagsAdd(_root: unknown, args: Args, context: ResolverContext) {
  const customer = taggedCustomer(args, context, "tagsAdd");
  if (!customer) return notFound();
  const known = new Set(customer.tags.map((tag) => tag.toLowerCase()));
  const added = normalizeTags(args.tags as string[]).filter((tag) => !known.has(tag.toLowerCase()));
  const tags = [...customer.tags, ...added];
  const problems = tagProblems(tags, ["tags"]);
  if (problems.length > 0) return { node: null, userErrors: problems.map(({ field, message }) => ({ field, message })) };
  if (added.length > 0) {
    customer.tags = sortTags(tags);
    customer.updatedAt = isoSeconds(context.clock.now());
    context.state.changed();
  }
  return { node: asEntity("Customer", customer), userErrors: [] };
}

export function tagsRemove(_root: unknown, args: Args, context: ResolverContext) {
  const customer = taggedCustomer(args, context, "tagsRemove");
  if (!customer) return notFound();
  const removed = new Set(normalizeTags(args.tags as string[]).map((tag) => tag.toLowerCase()));
  const tags = customer.tags.filter((tag) => !removed.has(tag.toLowerCase()));
  if (tags.length !== customer.tags.length) {
    customer.tags = tags;
    customer.updatedAt = isoSeconds(context.clock.now());
    context.state.changed();
  }
  return { node: asEntity("Customer", customer), userErrors: [] };
}
