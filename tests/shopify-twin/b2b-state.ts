// Shopify B2B on one shop: companies, their locations, contacts (a customer buying for the
// company), the contact roles each company has and role assignments (a contact's role at one
// location). Plain JSON-shaped records, as in state.ts, plus the lookup indexes the resolvers need
// so a 1,000-member burst stays O(1) per change.

export interface CompanyRecord {
  id: number;
  name: string;
  note: string | null;
  externalId: string | null;
  customerSince: string;
  mainContactId: number | null;
  /** Orders placed for the company; seeded through the control API (the twin has no orders). */
  ordersCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyLocationRecord {
  id: number;
  companyId: number;
  name: string;
  note: string | null;
  externalId: string | null;
  phone: string | null;
  locale: string;
  ordersCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyContactRecord {
  id: number;
  companyId: number;
  customerId: number;
  title: string | null;
  locale: string;
  ordersCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyContactRoleRecord {
  id: number;
  companyId: number;
  name: string;
  note: string | null;
}

export interface RoleAssignmentRecord {
  id: number;
  companyId: number;
  contactId: number;
  locationId: number;
  roleId: number;
  createdAt: string;
  updatedAt: string;
}

export interface B2BRecord {
  companies: CompanyRecord[];
  locations: CompanyLocationRecord[];
  contacts: CompanyContactRecord[];
  roles: CompanyContactRoleRecord[];
  roleAssignments: RoleAssignmentRecord[];
}

export function emptyB2B(): B2BRecord {
  return { companies: [], locations: [], contacts: [], roles: [], roleAssignments: [] };
}

/** Shopify's documented B2B limits (help.shopify.com B2B companies); the control API can change them per shop. */
export interface B2BLimits {
  locationsPerCompany: number;
  contactsPerCompany: number;
  /** "A company location can have a maximum of 50 customers": contacts holding a role there. */
  contactsPerLocation: number;
}

export const DEFAULT_B2B_LIMITS: B2BLimits = { locationsPerCompany: 10_000, contactsPerCompany: 10_000, contactsPerLocation: 50 };

/** Ids grouped by an owner id, kept in step with the records. */
class Index {
  private readonly byOwner = new Map<number, Set<number>>();

  add(owner: number, id: number): void {
    let ids = this.byOwner.get(owner);
    if (!ids) this.byOwner.set(owner, (ids = new Set()));
    ids.add(id);
  }

  remove(owner: number, id: number): void {
    const ids = this.byOwner.get(owner);
    ids?.delete(id);
    if (ids?.size === 0) this.byOwner.delete(owner);
  }

  of(owner: number): number[] {
    return [...(this.byOwner.get(owner) ?? [])];
  }

  count(owner: number): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }
}

export class B2BStore {
  readonly companies = new Map<number, CompanyRecord>();
  readonly locations = new Map<number, CompanyLocationRecord>();
  readonly contacts = new Map<number, CompanyContactRecord>();
  readonly roles = new Map<number, CompanyContactRoleRecord>();
  readonly roleAssignments = new Map<number, RoleAssignmentRecord>();
  private readonly locationsByCompany = new Index();
  private readonly contactsByCompany = new Index();
  private readonly rolesByCompany = new Index();
  private readonly assignmentsByContact = new Index();
  private readonly assignmentsByLocation = new Index();
  /** A customer is a contact of one company at most (help.shopify.com, adding B2B customers). */
  private readonly contactByCustomer = new Map<number, number>();

  constructor(record: B2BRecord) {
    for (const company of record.companies) this.companies.set(company.id, company);
    for (const location of record.locations) this.addLocation(location);
    for (const contact of record.contacts) this.addContact(contact);
    for (const role of record.roles) this.addRole(role);
    for (const assignment of record.roleAssignments) this.addAssignment(assignment);
  }

  addCompany(company: CompanyRecord): void {
    this.companies.set(company.id, company);
  }

  addLocation(location: CompanyLocationRecord): void {
    this.locations.set(location.id, location);
    this.locationsByCompany.add(location.companyId, location.id);
  }

  addContact(contact: CompanyContactRecord): void {
    this.contacts.set(contact.id, contact);
    this.contactsByCompany.add(contact.companyId, contact.id);
    this.contactByCustomer.set(contact.customerId, contact.id);
  }

  addRole(role: CompanyContactRoleRecord): void {
    this.roles.set(role.id, role);
    this.rolesByCompany.add(role.companyId, role.id);
  }

  addAssignment(assignment: RoleAssignmentRecord): void {
    this.roleAssignments.set(assignment.id, assignment);
    this.assignmentsByContact.add(assignment.contactId, assignment.id);
    this.assignmentsByLocation.add(assignment.locationId, assignment.id);
  }

  locationsOf(companyId: number): CompanyLocationRecord[] {
    return this.locationsByCompany.of(companyId).map((id) => this.locations.get(id)!);
  }

  contactsOf(companyId: number): CompanyContactRecord[] {
    return this.contactsByCompany.of(companyId).map((id) => this.contacts.get(id)!);
  }

  rolesOf(companyId: number): CompanyContactRoleRecord[] {
    return this.rolesByCompany.of(companyId).map((id) => this.roles.get(id)!);
  }

  assignmentsOfContact(contactId: number): RoleAssignmentRecord[] {
    return this.assignmentsByContact.of(contactId).map((id) => this.roleAssignments.get(id)!);
  }

  assignmentsAtLocation(locationId: number): RoleAssignmentRecord[] {
    return this.assignmentsByLocation.of(locationId).map((id) => this.roleAssignments.get(id)!);
  }

  locationCount(companyId: number): number {
    return this.locationsByCompany.count(companyId);
  }

  contactCount(companyId: number): number {
    return this.contactsByCompany.count(companyId);
  }

  /** Contacts holding a role at the location (one role per contact and location). */
  contactsAtLocation(locationId: number): number {
    return this.assignmentsByLocation.count(locationId);
  }

  contactOfCustomer(customerId: number): CompanyContactRecord | undefined {
    const id = this.contactByCustomer.get(customerId);
    return id === undefined ? undefined : this.contacts.get(id);
  }

  assignmentAt(contactId: number, locationId: number): RoleAssignmentRecord | undefined {
    return this.assignmentsOfContact(contactId).find((assignment) => assignment.locationId === locationId);
  }

  removeAssignment(id: number): void {
    const assignment = this.roleAssignments.get(id);
    if (!assignment) return;
    this.roleAssignments.delete(id);
    this.assignmentsByContact.remove(assignment.contactId, id);
    this.assignmentsByLocation.remove(assignment.locationId, id);
  }

  /** The contact, its role assignments, and its place as the company's main contact. */
  removeContact(id: number): void {
    const contact = this.contacts.get(id);
    if (!contact) return;
    for (const assignment of this.assignmentsOfContact(id)) this.removeAssignment(assignment.id);
    this.contacts.delete(id);
    this.contactsByCompany.remove(contact.companyId, id);
    this.contactByCustomer.delete(contact.customerId);
    const company = this.companies.get(contact.companyId);
    if (company?.mainContactId === id) company.mainContactId = null;
  }

  removeLocation(id: number): void {
    const location = this.locations.get(id);
    if (!location) return;
    for (const assignment of this.assignmentsAtLocation(id)) this.removeAssignment(assignment.id);
    this.locations.delete(id);
    this.locationsByCompany.remove(location.companyId, id);
  }

  /** The company with its locations, contacts, roles and role assignments; customers stay. */
  removeCompany(id: number): void {
    for (const contact of this.contactsOf(id)) this.removeContact(contact.id);
    for (const location of this.locationsOf(id)) this.removeLocation(location.id);
    for (const role of this.rolesOf(id)) {
      this.roles.delete(role.id);
      this.rolesByCompany.remove(id, role.id);
    }
    this.companies.delete(id);
  }

  toRecord(): B2BRecord {
    return {
      companies: [...this.companies.values()],
      locations: [...this.locations.values()],
      contacts: [...this.contacts.values()],
      roles: [...this.roles.values()],
      roleAssignments: [...this.roleAssignments.values()],
    };
  }
}
