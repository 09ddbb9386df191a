import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { NavMenu, useAppBridge } from "@shopify/app-bridge-react";
import { AppProvider as PolarisAppProvider, Banner, BlockStack, Page, Text } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect } from "react";
import { env } from "~/env.server";
import { authenticate } from "~/shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  return {
    apiKey: env.SHOPIFY_API_KEY,
    // Shopify's CDN cannot be reached in the demo and tests; there the Shopify twin's stand-in
    // plays App Bridge. In production the real script from cdn.shopify.com is always used.
    appBridgeUrl: env.APP_BRIDGE_URL,
  };
}

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        <Link to="/app/log">Sync log</Link>
        <Link to="/app/people">People</Link>
        <Link to="/app/tokens">Tokens</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/protection">Protection</Link>
      </NavMenu>
      <NavigationLoading />
      <Outlet />
    </AppProvider>
  );
}

/** The admin's loading bar while a page's data loads (App Bridge's shopify.loading). */
function NavigationLoading() {
  const shopify = useAppBridge();
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    shopify.loading(busy);
  }, [busy, shopify]);
  return null;
}

// Shopify needs Remix to catch some thrown responses so its headers reach the browser; anything
// else becomes a readable page instead of a blank one.
export function ErrorBoundary() {
  const error = useRouteError();
  try {
    return boundary.error(error);
  } catch {
    return (
      <PolarisAppProvider i18n={polarisTranslations}>
        <Page title="Something went wrong">
          <Banner tone="critical" title="This page could not be shown">
            <BlockStack gap="200">
              <Text as="p">The error was logged. Reload the page; if it keeps happening, contact support.</Text>
            </BlockStack>
          </Banner>
        </Page>
      </PolarisAppProvider>
    );
  }
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
