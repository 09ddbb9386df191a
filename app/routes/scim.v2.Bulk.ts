// /scim/v2/Bulk (RFC 7644 §3.7): several User operations in one request, with bulkId references.
import { executeBulkOperation } from "~/directory/bulk.server";
import { SCIM_SERVICE } from "~/directory/config.server";
import { readScimJson, scimJson, scimRoute } from "~/directory/scim-route.server";
import { parseBulkRequest, runBulk } from "~/scim";

const route = scimRoute("/Bulk", {
  POST: async ({ request, tenant, note }) => {
    const { body, bytes } = await readScimJson(request, SCIM_SERVICE.maxPayloadSize);
    const bulk = parseBulkRequest(body, { maxOperations: SCIM_SERVICE.bulkMaxOperations, maxPayloadSize: SCIM_SERVICE.maxPayloadSize }, bytes);
    const response = await runBulk(bulk, (operation) => executeBulkOperation(tenant, operation));
    note({ operations: bulk.operations.length, failed: response.Operations.filter((o) => Number(o.status) >= 400).length });
    return scimJson(response);
  },
});

export const loader = route.loader;
export const action = route.action;
