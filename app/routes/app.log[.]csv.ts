import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/admin/session.server";
import { parseLogQuery, streamLogCsv } from "~/admin/sync-log.server";

// GET /app/log.csv?<the log's filters>: every matching event as CSV, streamed (resource route).
export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const query = { ...parseLogQuery(new URL(request.url).searchParams), after: undefined, before: undefined };
  const name = `sync-log-${shop.shopDomain.replace(/\.myshopify\.com$/, "")}-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(streamLogCsv(shop.id, query), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    },
  });
}
