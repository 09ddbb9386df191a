import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";

// Download of a customers/data_request report, for the merchant to pass on to the customer.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const row = await prisma.complianceRequest.findFirst({
    where: { id: params.id, shopDomain: session.shop, topic: "customers/data_request" },
  });
  if (!row) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(row.report, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-data-request-${row.id}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
