import type { MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";

// The admin's own tab shows the app's name; pages name themselves in App Bridge's title bar.
export const meta: MetaFunction = () => [{ title: "SCIM provisioning" }];

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * Any page that fails outside the embedded admin (an unknown path, a method a page does not
 * take, an error while rendering): its status in plain words, and nothing of the error itself.
 * Remix's own boundary shows the error's message (and its stack in development) and a note to
 * developers; the error is in the server log (app/entry.server.tsx handleError).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const heading = HEADINGS[status] ?? (status < 500 ? "This request cannot be answered" : "Something went wrong");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${heading} · SCIM provisioning`}</title>
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <main>
          <h1>{heading}</h1>
          <p>{status < 500 ? `HTTP ${status}.` : "The error was logged. Try again in a moment."}</p>
        </main>
      </body>
    </html>
  );
}

const HEADINGS: Record<number, string> = {
  400: "This request is not valid",
  401: "You are not signed in",
  403: "You cannot open this page",
  404: "Page not found",
  405: "This page does not take that kind of request",
};
