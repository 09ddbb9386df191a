import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "./logger.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// The provisioning worker, reachable from the server build (build.entry.module) so that
// server/index.mjs starts it after listen and server/worker.mjs runs it alone (`npm run worker`).
export { startProvisioningWorker } from "./sync/runtime.server";
// The HTTP edge server/index.mjs runs before Express and Remix (app/scim-http/edge.server.ts).
export * as httpEdge from "./scim-http/edge.server";

/**
 * Errors Remix caught in a loader, an action or while rendering: logged with the path only
 * (query strings carry session tokens and SCIM filters). What the client sees is the root
 * ErrorBoundary or the edge's replacement body, never the error.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // Remix reports a request no route takes (404, 405) here too: the client's mistake, already
  // in the request log line with its status, not a server error.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logger.error({ path: new URL(request.url).pathname, err: describe(error) }, "request failed");
};

function describe(error: unknown) {
  const inner = isRouteErrorResponse(error) ? ((error as { error?: unknown }).error ?? error) : error;
  return inner instanceof Error ? { name: inner.name, message: inner.message, stack: inner.stack } : { value: String(inner) };
}

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  // Bots get the whole document at once; browsers get it streamed as it renders.
  const readyEvent = userAgent && isbot(userAgent) ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]() {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(
          new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
        );
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        logger.error({ path: new URL(request.url).pathname, err: describe(error) }, "render failed");
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
