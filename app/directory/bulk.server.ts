// POST /Bulk (RFC 7644 §3.7): each operation runs through the same directory functions as the
// single-resource routes, one transaction each (the RFC does not make a bulk request atomic);
// bulkId references, failOnErrors and the limits are app/scim's runBulk/parseBulkRequest.
import { ScimError, resolveEndpoint, type BulkExecution, type BulkOutcome } from "~/scim";
import { createGroup, deleteGroup, patchGroup, replaceGroup } from "./groups.server";
import { createUser, deleteUser, patchUser, replaceUser, type Tenant } from "./users.server";

export async function executeBulkOperation(tenant: Tenant, operation: BulkExecution): Promise<BulkOutcome> {
  // The same normaliser as the routes' paths: "/users/", "/Users/%zz" mean what they mean there.
  const endpoint = resolveEndpoint(operation.path);
  const id = endpoint.id;
  const preconditions = { ifMatch: operation.version ?? null };

  if (endpoint.name === "groups" || endpoint.name === "group") return executeGroupOperation(tenant, operation, id, preconditions);
  if (endpoint.name !== "users" && endpoint.name !== "user") throw unknownPath(operation.path);

  if (id === undefined) {
    if (operation.method !== "POST") throw new ScimError(405, undefined, `${operation.method} /Users needs a user id in the path`);
    const result = await createUser(tenant, operation.data);
    return { status: 201, id: result.user.id, location: result.user.location, version: result.user.version };
  }
  switch (operation.method) {
    case "PUT": {
      const result = await replaceUser(tenant, id, operation.data, preconditions);
      return { status: 200, location: result.user.location, version: result.user.version };
    }
    case "PATCH": {
      const result = await patchUser(tenant, id, operation.data, preconditions);
      return { status: 200, location: result.user.location, version: result.user.version };
    }
    case "DELETE":
      await deleteUser(tenant, id, preconditions);
      return { status: 204 };
    default:
      throw new ScimError(405, undefined, `POST /Users/{id} is not supported; POST to /Users`);
  }
}

/** The same as the /Groups routes; bulk responses carry no resource, so members are never read. */
async function executeGroupOperation(tenant: Tenant, operation: BulkExecution, id: string | undefined, preconditions: { ifMatch: string | null }): Promise<BulkOutcome> {
  const quiet = { members: false };
  if (id === undefined) {
    if (operation.method !== "POST") throw new ScimError(405, undefined, `${operation.method} /Groups needs a group id in the path`);
    const result = await createGroup(tenant, operation.data, quiet);
    return { status: 201, id: result.group.id, location: result.group.location, version: result.group.version };
  }
  switch (operation.method) {
    case "PUT": {
      const result = await replaceGroup(tenant, id, operation.data, preconditions, quiet);
      return { status: 200, location: result.group.location, version: result.group.version };
    }
    case "PATCH": {
      const result = await patchGroup(tenant, id, operation.data, preconditions, quiet);
      return { status: 200, location: result.group.location, version: result.group.version };
    }
    case "DELETE":
      await deleteGroup(tenant, id, preconditions);
      return { status: 204 };
    default:
      throw new ScimError(405, undefined, `POST /Groups/{id} is not supported; POST to /Groups`);
  }
}

function unknownPath(path: string): ScimError {
  return new ScimError(404, undefined, `Bulk path "${path.slice(0, 200)}" is not a resource path; use /Users, /Users/{id}, /Groups or /Groups/{id}`);
}
