import { typeResolvers, type ResolverMap } from "../graphql/execute";
import { app, appInstallationResolvers, appResolvers, appRevokeAccessScopes, currentAppInstallation } from "./app";
import {
  companyAssignCustomerAsContact,
  companyContactAssignRole,
  companyContactAssignRoles,
  companyContactDelete,
  companyContactRemoveFromCompany,
  companyContactRevokeRole,
  companyContactRevokeRoles,
  companyCreate,
  companyDelete,
  companyLocationAssignRoles,
  companyLocationCreate,
  companyLocationDelete,
  companyLocationRevokeRoles,
} from "./b2b-mutations";
import {
  companies,
  companiesCount,
  company,
  companyContact,
  companyContactResolvers,
  companyContactRole,
  companyContactRoleResolvers,
  companyLocation,
  companyLocationResolvers,
  companyLocations,
  companyResolvers,
  roleAssignmentResolvers,
} from "./b2b-queries";
import type { ResolverContext } from "../graphql/execute";
import { customerCreate, customerDelete, customerEmailMarketingConsentUpdate, customerRequestDataErasure, customerSet, customerUpdate } from "./customer-mutations";
import { customer, customerByIdentifier, customers, customersCount } from "./customer-queries";
import { customerResolvers, mailingAddressResolvers } from "./customer-type";
import { metafieldDefinitionCreate, metafieldDefinitionResolvers, metafieldResolvers, metafieldsDelete, metafieldsSet } from "./metafields";
import { node, nodes } from "./nodes";
import { shopResolvers } from "./shop";
import { tagsAdd, tagsRemove } from "./tags";
import {
  shopifyFunction,
  shopifyFunctionResolvers,
  shopifyFunctions,
  validation,
  validationCreate,
  validationDelete,
  validationResolvers,
  validations,
  validationUpdate,
} from "./validations";

// Every object type the twin resolves by code. Root types listed here refuse any other field
// ("not implemented by the Shopify twin"); payload and value objects are plain JS objects.

export const resolvers: ResolverMap = {
  QueryRoot: typeResolvers<null>({
    shop: (_root, _args, context: ResolverContext) => context.shop,
    customer,
    customerByIdentifier,
    customers,
    customersCount,
    shopifyFunctions,
    shopifyFunction,
    validations,
    validation,
    app,
    currentAppInstallation,
    companies,
    companiesCount,
    company,
    companyLocation,
    companyLocations,
    companyContact,
    companyContactRole,
    node,
    nodes,
  }),
  Mutation: typeResolvers<null>({
    customerCreate,
    customerUpdate,
    customerSet,
    customerDelete,
    customerRequestDataErasure,
    customerEmailMarketingConsentUpdate,
    tagsAdd,
    tagsRemove,
    metafieldsSet,
    metafieldsDelete,
    metafieldDefinitionCreate,
    validationCreate,
    validationUpdate,
    validationDelete,
    appRevokeAccessScopes,
    companyCreate,
    companyDelete,
    companyLocationCreate,
    companyLocationDelete,
    companyAssignCustomerAsContact,
    companyContactAssignRole,
    companyContactAssignRoles,
    companyLocationAssignRoles,
    companyContactRevokeRole,
    companyContactRevokeRoles,
    companyLocationRevokeRoles,
    companyContactRemoveFromCompany,
    companyContactDelete,
  }),
  Shop: shopResolvers,
  Customer: customerResolvers,
  MailingAddress: mailingAddressResolvers,
  Metafield: metafieldResolvers,
  MetafieldDefinition: metafieldDefinitionResolvers,
  Validation: validationResolvers,
  ShopifyFunction: shopifyFunctionResolvers,
  App: appResolvers,
  AppInstallation: appInstallationResolvers,
  Company: companyResolvers,
  CompanyLocation: companyLocationResolvers,
  CompanyContact: companyContactResolvers,
  CompanyContactRole: companyContactRoleResolvers,
  CompanyContactRoleAssignment: roleAssignmentResolvers,
};
