import { typeResolvers, type ResolverMap } from "../graphql/execute";
import { app, appInstallationResolvers, appResolvers, appRevokeAccessScopes, currentAppInstallation } from "./app";
import type { ResolverContext } from "../graphql/execute";
import { customerCreate, customerDelete, customerEmailMarketingConsentUpdate, customerRequestDataErasure, customerSet, customerUpdate } from "./customer-mutations";
import { customer, customerByIdentifier, customers, customersCount } from "./customer-queries";
import { customerResolvers, mailingAddressResolvers } from "./customer-type";
import { metafieldDefinitionCreate, metafieldDefinitionResolvers, metafieldResolvers, metafieldsDelete, metafieldsSet } from "./metafields";
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
};
