import type { LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import prisma from "~/db.server";
import { scimBaseUrl } from "~/env.server";
import { authenticate } from "~/shopify.server";
import { ensureShopInstalled } from "~/tenants/shops.server";
import type { action as scimSettingsAction } from "./app.api.scim";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShopInstalled(session.shop);
  const activeTokens = await prisma.scimToken.count({
    where: { shopId: shop.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
  });
  return {
    shopDomain: shop.shopDomain,
    scimEnabled: shop.scimEnabled,
    baseUrl: scimBaseUrl(),
    activeTokens,
  };
}

export default function ScimOverview() {
  const { shopDomain, scimEnabled, baseUrl, activeTokens } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof scimSettingsAction>();
  const revalidator = useRevalidator();
  const [newToken, setNewToken] = useState<string | null>(null);
  const busy = fetcher.state !== "idle";

  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    if ("token" in data && data.token) setNewToken(data.token);
    revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);

  const submit = (intent: string) => fetcher.submit({ intent }, { method: "post", action: "/app/api/scim" });

  return (
    <Page title="SCIM provisioning">
      <TitleBar title="SCIM provisioning" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Provisioning for {shopDomain}
                </Text>
                <Badge tone={scimEnabled ? "success" : undefined}>{scimEnabled ? "SCIM on" : "SCIM off"}</Badge>
              </InlineStack>
              <Text as="p" tone="subdued">
                Your identity provider (Okta, Microsoft Entra ID, OneLogin, JumpCloud…) creates, updates and
                deactivates customers in this store through the SCIM base URL below.
              </Text>
              <TextField label="SCIM base URL" value={baseUrl} readOnly autoComplete="off" />
              <InlineStack gap="200">
                <Button onClick={() => navigator.clipboard?.writeText(baseUrl)}>Copy base URL</Button>
                <Button
                  variant="primary"
                  loading={busy}
                  onClick={() => submit(scimEnabled ? "disable-scim" : "enable-scim")}
                >
                  {scimEnabled ? "Turn SCIM off" : "Turn SCIM on"}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Bearer token
              </Text>
              <Text as="p">
                {activeTokens === 0 ? "No active token yet." : `${activeTokens} active token${activeTokens === 1 ? "" : "s"}.`}
              </Text>
              {newToken ? (
                <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                  <BlockStack gap="200">
                    <Text as="p" fontWeight="semibold">
                      Copy this token now. It is shown only once.
                    </Text>
                    <TextField label="New SCIM token" value={newToken} readOnly autoComplete="off" />
                  </BlockStack>
                </Box>
              ) : null}
              <InlineStack>
                <Button loading={busy} onClick={() => submit("create-token")}>
                  Generate token
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
