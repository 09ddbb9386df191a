import { GraphQLError } from "graphql";
import { asEntity, type Args, type ResolverContext } from "../graphql/execute";
import { parseGid } from "./gid";

// QueryRoot.node / nodes for the types the twin keeps. A well-formed gid of any other type, or of
// a deleted record, is null, as Shopify answers for ids that do not exist.

const LOOKUPS: Record<string, (context: ResolverContext, id: number) => object | undefined> = {
  Customer: (context, id) => context.shop.getCustomer(id),
  Company: (context, id) => context.shop.b2b.companies.get(id),
  CompanyLocation: (context, id) => context.shop.b2b.locations.get(id),
  CompanyContact: (context, id) => context.shop.b2b.contacts.get(id),
  CompanyContactRole: (context, id) => context.shop.b2b.roles.get(id),
  CompanyContactRoleAssignment: (context, id) => context.shop.b2b.roleAssignments.get(id),
  Validation: (context, id) => context.shop.record.validations.find((validation) => validation.id === id),
};

function findNode(context: ResolverContext, id: string): object | null {
  const gid = parseGid(id);
  if (!gid) throw new GraphQLError(`Invalid global id '${id}'`);
  const found = LOOKUPS[gid.typeName]?.(context, gid.id);
  return found ? asEntity(gid.typeName, found) : null;
}

export function node(_root: unknown, args: Args, context: ResolverContext) {
  return findNode(context, args.id as string);
}

export function nodes(_root: unknown, args: Args, context: ResolverContext) {
  return (args.ids as string[]).map((id) => findNode(context, id));
}
