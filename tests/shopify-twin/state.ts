import { B2BStore, DEFAULT_B2B_LIMITS, emptyB2B, type B2BLimits, type B2BRecord } from "./b2b-state";

// The twin's whole world: shops (with their customers, metafield definitions and B2B companies) and OAuth tokens.
// Plain JSON-shaped records so the state file is just `toData()`; ShopState adds the lookup
// indexes Shopify's uniqueness rules need (email, phone).

export const PLANS = ["standard", "advanced", "plus", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

export type CustomerStateValue = "DECLINED" | "DISABLED" | "ENABLED" | "INVITED";
export type EmailMarketingState = "INVALID" | "NOT_SUBSCRIBED" | "PENDING" | "REDACTED" | "SUBSCRIBED" | "UNSUBSCRIBED";
export type MarketingOptInLevel = "CONFIRMED_OPT_IN" | "SINGLE_OPT_IN" | "UNKNOWN";

export interface MailingAddressRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface MetafieldRecord {
  id: number;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface EmailMarketingRecord {
  state: EmailMarketingState;
  optInLevel: MarketingOptInLevel | null;
  consentUpdatedAt: string | null;
}

export interface CustomerRecord {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
  note: string | null;
  tags: string[];
  state: CustomerStateValue;
  numberOfOrders: number;
  taxExempt: boolean;
  taxExemptions: string[];
  verifiedEmail: boolean;
  multipassIdentifier: string | null;
  emailMarketing: EmailMarketingRecord;
  addresses: MailingAddressRecord[];
  defaultAddressId: number | null;
  metafields: MetafieldRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface MetafieldDefinitionRecord {
  id: number;
  name: string;
  namespace: string;
  key: string;
  type: string;
  ownerType: string;
  description: string | null;
  uniqueValues: boolean;
  adminAccess: string | null;
  storefrontAccess: string | null;
  customerAccountAccess: string;
  createdAt: string;
}

export interface ErasureRequestRecord {
  customerId: number;
  requestedAt: string;
  requestedByApp: string;
}

/** A Shopify Function an app has deployed (app-wide, not per shop); see app.ts. */
export interface ShopifyFunctionRecord {
  /** Shopify function ids are UUID strings. */
  id: string;
  handle: string;
  apiType: string;
  apiVersion: string;
  title: string;
  description: string | null;
  /** The owning app's client id. */
  appKey: string;
  useCreationUi: boolean;
  inputQuery: string | null;
}

/** A cart and checkout validation installed on a shop (validationCreate). */
export interface ValidationRecord {
  id: number;
  title: string;
  enabled: boolean;
  blockOnFailure: boolean;
  /** The function as it was when the validation was created. */
  shopifyFunction: ShopifyFunctionRecord;
  metafields: MetafieldRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface ShopRecord {
  id: number;
  domain: string;
  name: string;
  email: string;
  plan: Plan;
  currencyCode: string;
  createdAt: string;
  updatedAt: string;
  customers: CustomerRecord[];
  metafieldDefinitions: MetafieldDefinitionRecord[];
  erasureRequests: ErasureRequestRecord[];
  validations: ValidationRecord[];
  /** Optional scopes (the app's `optional_scopes`) the merchant granted to the app on this shop. */
  grantedOptionalScopes: string[];
  /** Settings > Customer accounts: "Require customers to sign in before checkout". */
  loginRequiredAtCheckout: boolean;
  /** ShopPlan.partnerDevelopment: a partner's development store (these have B2B for testing). */
  partnerDevelopment: boolean;
  /** Admin API restore rate in points/s when a test sets one (control API); null = the plan's. */
  restoreRate: number | null;
  b2bLimits: B2BLimits;
  /** Companies, locations, contacts, roles and role assignments (b2b-state.ts). */
  b2b: B2BRecord;
}

export type AccessTokenKind = "offline" | "online" | "admin";

export interface AssociatedUser {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  account_owner: boolean;
  locale: string;
  collaborator: boolean;
  email_verified: boolean;
}

// Revoking a token deletes its record: a revoked token and an unknown one get the same answer.
export interface AccessTokenRecord {
  token: string;
  shop: string;
  /** Which app holds it: the app's API key, or "admin" for tokens issued through the control API. */
  appKey: string;
  kind: AccessTokenKind;
  expiring: boolean;
  scopes: string[];
  issuedAt: number;
  expiresAt: number | null;
  firstUsedAt: number | null;
  /** The refresh token whose use produced this token; retired when this token is first used. */
  rotatedFrom: string | null;
  associatedUser: AssociatedUser | null;
}

export interface RefreshTokenRecord {
  token: string;
  shop: string;
  appKey: string;
  /** Scopes the refreshed access tokens get (the paired access token may be long gone). */
  scopes: string[];
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  firstUsedAt: number | null;
  rotatedFrom: string | null;
}

export type IdKind =
  | "shop"
  | "customer"
  | "mailingAddress"
  | "metafield"
  | "metafieldDefinition"
  | "validation"
  | "company"
  | "companyLocation"
  | "companyContact"
  | "companyContactRole"
  | "companyContactRoleAssignment";

// Realistically large starting points: real Shopify ids are 10-14 digits, and apps must not
// assume small integers. All stay far below Number.MAX_SAFE_INTEGER.
const FIRST_IDS: Record<IdKind, number> = {
  shop: 60_000_000_001,
  customer: 7_300_000_000_001,
  mailingAddress: 9_100_000_000_001,
  metafield: 30_000_000_000_001,
  metafieldDefinition: 1_000_000_001,
  validation: 480_000_001,
  company: 5_700_000_001,
  companyLocation: 8_600_000_001,
  companyContact: 10_400_000_001,
  companyContactRole: 11_200_000_001,
  companyContactRoleAssignment: 44_900_000_001,
};

export interface TwinStateData {
  version: 1;
  nextIds: Record<IdKind, number>;
  shops: ShopRecord[];
  accessTokens: AccessTokenRecord[];
  refreshTokens: RefreshTokenRecord[];
}

export class ShopState {
  readonly customers = new Map<number, CustomerRecord>();
  private readonly idByEmail = new Map<string, number>();
  private readonly idByPhone = new Map<string, number>();
  private readonly indexedKeys = new Map<number, { email: string | null; phone: string | null }>();

  readonly b2b: B2BStore;

  constructor(
    readonly record: Omit<ShopRecord, "customers" | "b2b">,
    customers: CustomerRecord[],
    b2b: B2BRecord,
  ) {
    for (const customer of [...customers].sort((a, b) => a.id - b.id)) this.saveCustomer(customer);
    this.b2b = new B2BStore(b2b);
  }

  get domain(): string {
    return this.record.domain;
  }

  getCustomer(id: number): CustomerRecord | undefined {
    return this.customers.get(id);
  }

  findCustomerByEmail(email: string): CustomerRecord | undefined {
    const id = this.idByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.customers.get(id);
  }

  findCustomerByPhone(phone: string): CustomerRecord | undefined {
    const id = this.idByPhone.get(phone);
    return id === undefined ? undefined : this.customers.get(id);
  }

  /** Inserts or re-indexes a customer; call after every change to email or phone. */
  saveCustomer(customer: CustomerRecord): void {
    const previous = this.indexedKeys.get(customer.id);
    if (previous?.email) this.idByEmail.delete(previous.email);
    if (previous?.phone) this.idByPhone.delete(previous.phone);
    const email = customer.email?.toLowerCase() ?? null;
    if (email) this.idByEmail.set(email, customer.id);
    if (customer.phone) this.idByPhone.set(customer.phone, customer.id);
    this.indexedKeys.set(customer.id, { email, phone: customer.phone });
    this.customers.set(customer.id, customer);
  }

  /** Deletes the customer; a company contact goes with them (with its role assignments). */
  deleteCustomer(id: number): void {
    const contact = this.b2b.contactOfCustomer(id);
    if (contact) this.b2b.removeContact(contact.id);
    const previous = this.indexedKeys.get(id);
    if (previous?.email) this.idByEmail.delete(previous.email);
    if (previous?.phone) this.idByPhone.delete(previous.phone);
    this.indexedKeys.delete(id);
    this.customers.delete(id);
  }

  toRecord(): ShopRecord {
    return { ...this.record, customers: [...this.customers.values()], b2b: this.b2b.toRecord() };
  }
}

export class TwinState {
  readonly shops = new Map<string, ShopState>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private nextIds: Record<IdKind, number>;

  constructor(
    data: TwinStateData | null,
    /** Called after every mutation so the state file can schedule a write. */
    private readonly onChange: () => void = () => {},
  ) {
    this.nextIds = { ...FIRST_IDS };
    this.load(data);
  }

  /** Forgets everything (control API reset). */
  reset(): void {
    this.load(null);
    this.onChange();
  }

  private load(data: TwinStateData | null): void {
    this.shops.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.nextIds = { ...FIRST_IDS, ...data?.nextIds };
    for (const shop of data?.shops ?? []) {
      const { customers, b2b, ...rest } = shop;
      // State files written before validations, optional scopes and B2B were modelled lack these.
      const record = {
        ...rest,
        validations: rest.validations ?? [],
        grantedOptionalScopes: rest.grantedOptionalScopes ?? [],
        loginRequiredAtCheckout: rest.loginRequiredAtCheckout ?? false,
        partnerDevelopment: rest.partnerDevelopment ?? false,
        restoreRate: rest.restoreRate ?? null,
        b2bLimits: { ...DEFAULT_B2B_LIMITS, ...rest.b2bLimits },
      };
      this.shops.set(shop.domain, new ShopState(record, customers, b2b ?? emptyB2B()));
    }
    for (const token of data?.accessTokens ?? []) this.accessTokens.set(token.token, token);
    for (const token of data?.refreshTokens ?? []) this.refreshTokens.set(token.token, token);
  }

  nextId(kind: IdKind): number {
    const id = this.nextIds[kind];
    this.nextIds[kind] = id + 1;
    return id;
  }

  changed(): void {
    this.onChange();
  }

  toData(): TwinStateData {
    return {
      version: 1,
      nextIds: { ...this.nextIds },
      shops: [...this.shops.values()].map((shop) => shop.toRecord()),
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }
}
