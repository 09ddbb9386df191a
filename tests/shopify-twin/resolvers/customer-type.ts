import { typeResolvers } from "../graphql/execute";
import type { CustomerRecord, MailingAddressRecord } from "../state";
import { companyContactProfiles } from "./b2b-queries";
import { idOrdering, paginate, type PageArgs } from "./connection";
import { toGid } from "./gid";
import { customerMetafield, customerMetafields } from "./metafields";

// Field resolvers for Customer and the small objects hanging off it. Fields not listed here are
// answered with a "not implemented by the Shopify twin" error by the executor.

export function customerDisplayName(customer: CustomerRecord): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  return name || customer.email || customer.phone || "";
}

function addressName(address: MailingAddressRecord): string | null {
  return [address.firstName, address.lastName].filter(Boolean).join(" ") || null;
}

export const mailingAddressResolvers = typeResolvers<MailingAddressRecord>({
  // Customer addresses carry this model_name suffix in real responses.
  id: (address) => toGid("MailingAddress", address.id, "?model_name=CustomerAddress"),
  firstName: (address) => address.firstName,
  lastName: (address) => address.lastName,
  name: (address) => addressName(address),
  company: (address) => address.company,
  address1: (address) => address.address1,
  address2: (address) => address.address2,
  city: (address) => address.city,
  province: (address) => address.province,
  provinceCode: (address) => address.provinceCode,
  country: (address) => address.country,
  countryCodeV2: (address) => address.countryCode,
  countryCode: (address) => address.countryCode,
  zip: (address) => address.zip,
  phone: (address) => address.phone,
});

export const customerResolvers = typeResolvers<CustomerRecord>({
  id: (customer) => toGid("Customer", customer.id),
  legacyResourceId: (customer) => String(customer.id),
  firstName: (customer) => customer.firstName,
  lastName: (customer) => customer.lastName,
  displayName: (customer) => customerDisplayName(customer),
  email: (customer) => customer.email,
  phone: (customer) => customer.phone,
  defaultEmailAddress: (customer) =>
    customer.email === null
      ? null
      : {
          emailAddress: customer.email,
          // CustomerEmailAddressMarketingState has no REDACTED.
          marketingState: customer.emailMarketing.state === "REDACTED" ? "NOT_SUBSCRIBED" : customer.emailMarketing.state,
          marketingOptInLevel: customer.emailMarketing.optInLevel,
          marketingUpdatedAt: customer.emailMarketing.consentUpdatedAt,
          validFormat: true,
        },
  emailMarketingConsent: (customer) =>
    customer.email === null
      ? null
      : {
          marketingState: customer.emailMarketing.state,
          marketingOptInLevel: customer.emailMarketing.optInLevel,
          consentUpdatedAt: customer.emailMarketing.consentUpdatedAt,
        },
  defaultPhoneNumber: (customer) => (customer.phone === null ? null : { phoneNumber: customer.phone }),
  locale: (customer) => customer.locale,
  note: (customer) => customer.note,
  tags: (customer) => customer.tags,
  state: (customer) => customer.state,
  canDelete: (customer) => customer.numberOfOrders === 0,
  numberOfOrders: (customer) => String(customer.numberOfOrders),
  taxExempt: (customer) => customer.taxExempt,
  taxExemptions: (customer) => customer.taxExemptions,
  verifiedEmail: (customer) => customer.verifiedEmail,
  multipassIdentifier: (customer) => customer.multipassIdentifier,
  createdAt: (customer) => customer.createdAt,
  updatedAt: (customer) => customer.updatedAt,
  addresses: (customer, args) => {
    const first = typeof args.first === "number" ? args.first : customer.addresses.length;
    return customer.addresses.slice(0, first);
  },
  addressesV2: (customer, args) => {
    const byId = [...customer.addresses].sort((a, b) => a.id - b.id);
    const ordered = args.reverse === true ? byId.reverse() : byId;
    return paginate(ordered, args as PageArgs, idOrdering<MailingAddressRecord>(args.reverse === true), (address) => address);
  },
  defaultAddress: (customer) => customer.addresses.find((address) => address.id === customer.defaultAddressId) ?? null,
  companyContactProfiles: (customer, _args, context) => companyContactProfiles(customer.id, context.shop),
  metafield: (customer, args, context) => customerMetafield(customer, args, context),
  metafields: (customer, args, context) => customerMetafields(customer, args, context),
});
