// /scim/v2/Bulk (RFC 7644 §3.7): several User operations in one request, with bulkId references.
import { executeBulkOperation } from "~/directory/bulk.server";
import { SCIM_SERVICE } from "~/scim-http/config";
import { readScimJson } from "~/scim-http/request";
import { scimJson } from "~/scim-http/responses";
import { internalError, scimRoute } from "~/scim-http/route.server";
import { parseBulkRequest, runBulk } from "~/scim";

const route = scimRoute("bulk", {
  POST: async ({ request, tenant, note }) => {
    const { body, bytes } = await readScimJson(request, SCIM_SERVICE.maxPayloadSize);
    const bulk = parseBulkRequest(body, { maxOperations: SCIM_SERVICE.bulkMaxOperations, maxPayloadSize: SCIM_SERVICE.maxPayloadSize }, bytes);
    // An operation that fails unexpectedly is logged and answered like a failed request: 500 in its slot.
    const response = await runBulk(bulk, (operation) =>
      executeBulkOperation(tenant, operation).catch((thrown: unknown) => {
        throw internalError(thrown, { route: `/Bulk ${operation.path.slice(0, 100)}`, method: operation.method });
      }),
    );
    note({ operations: bulk.operations.length, failed: response.Operations.filter((o) => Number(o.status) >= 400).length });
    return scimJson(response);
  },
});

export const loader = route.loader;
export const action = route.action;
