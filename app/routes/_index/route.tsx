import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// The app lives inside the Shopify admin. Shopify opens it with ?shop=…; anyone else gets a
// short explanation instead of a login form (installs go through the Shopify App Store).
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "64px auto", padding: 16 }}>
      <h1>SCIM provisioning for Shopify</h1>
      <p>
        Connect Okta, Microsoft Entra ID, OneLogin, JumpCloud, PingOne or Rippling to your store: people you assign
        in your identity provider become customers, profile changes flow through, and deactivation takes effect.
      </p>
      <p>Install the app from the Shopify App Store, then open it from your Shopify admin.</p>
    </main>
  );
}
