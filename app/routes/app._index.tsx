import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { plural } from "~/admin/labels";
import { getHealth } from "~/admin/overview.server";
import { requireAdmin } from "~/admin/session.server";
import { getBacklog } from "~/admin/sync-log.server";
import { ActivityChart } from "~/components/ActivityChart";
import { CopyField } from "~/components/CopyField";
import { SetupGuides } from "~/components/SetupGuides";
import { Time } from "~/components/Time";
import { scimBaseUrl } from "~/env.server";
import { recentScimRequests } from "~/tenants/scim-request-log.server";
import { listScimTokens } from "~/tenants/scim-tokens.server";
import type { action as scimApiAction } from "./app.api.scim";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const tokens = (await listScimTokens(shop.id, Date.now(), 0)).filter((t) => t.status === "active" || t.status === "expiring");
  const [health, requests, backlog] = await Promise.all([getHealth(shop.id), recentScimRequests(shop.id), getBacklog(shop.id)]);
  const lastUsed = tokens.map((t) => t.lastUsedAt).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    shopDomain: shop.shopDomain,
    scimEnabled: shop.scimEnabled,
    allowCustomerCreation: shop.allowCustomerCreation,
    baseUrl: scimBaseUrl(),
    tokens: { working: tokens.length, newestPrefix: tokens[0]?.prefix ?? null, lastUsedAt: lastUsed?.toISOString() ?? null },
    health,
    requests: requests.slice(0, 10),
    backlog,
  };
}

function Stat({ label, value, children }: { label: string; value: string; children?: React.ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value}
      </Text>
      {children}
    </BlockStack>
  );
}

export default function Overview() {
  const { shopDomain, scimEnabled, allowCustomerCreation, baseUrl, tokens, health, requests, backlog } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const api = useFetcher<typeof scimApiAction>();
  const revalidator = useRevalidator();
  const [newToken, setNewToken] = useState<string | null>(null);
  const busy = api.state !== "idle";
  const pendingIntent = api.formData?.get("intent");

  useEffect(() => {
    const data = api.data;
    if (!data || api.state !== "idle") return;
    if ("error" in data && data.error) shopify.toast.show(data.error, { isError: true });
    else if ("token" in data && data.token) {
      setNewToken(data.token);
      shopify.toast.show("Token generated");
    } else if ("scimEnabled" in data) shopify.toast.show(data.scimEnabled ? "SCIM is on" : "SCIM is off");
    else if ("allowCustomerCreation" in data) shopify.toast.show(data.allowCustomerCreation ? "New customers will be created" : "Only existing customers will be linked");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api.data, api.state]);

  const submit = (fields: Record<string, string>) => api.submit(fields, { method: "post", action: "/app/api/scim" });
  const creation = pendingIntent === "set-customer-creation" ? api.formData?.get("value") === "on" : allowCustomerCreation;

  return (
    <Page>
      <TitleBar title="SCIM provisioning" />
      <BlockStack gap="400">
        {!scimEnabled ? (
          <Banner tone="warning" title="SCIM is off">
            <p>Identity providers are refused (403) until you turn SCIM on. Nothing reaches your customers meanwhile.</p>
          </Banner>
        ) : null}
        {backlog?.parkedReason ? (
          <Banner tone="critical" title="Provisioning is paused">
            <p>{backlog.parkedReason}</p>
          </Banner>
        ) : null}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <Text as="h2" variant="headingMd">
                      Provisioning for {shopDomain}
                    </Text>
                    <Badge tone={scimEnabled ? "success" : undefined}>{scimEnabled ? "SCIM on" : "SCIM off"}</Badge>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    Your identity provider (Okta, Microsoft Entra ID, OneLogin, JumpCloud…) creates, updates and deactivates customers in this store
                    through the SCIM base URL below.
                  </Text>
                  <CopyField label="SCIM base URL" value={baseUrl} />
                  <InlineStack gap="200">
                    <Button
                      variant={scimEnabled ? "secondary" : "primary"}
                      loading={busy && (pendingIntent === "enable-scim" || pendingIntent === "disable-scim")}
                      onClick={() => submit({ intent: scimEnabled ? "disable-scim" : "enable-scim" })}
                    >
                      {scimEnabled ? "Turn SCIM off" : "Turn SCIM on"}
                    </Button>
                  </InlineStack>
                  <Divider />
                  <Checkbox
                    label="Create new customers for people who don't have an account yet"
                    helpText="Off: the app only links people to customers that already exist with the same email, and logs “no matching customer” for the others."
                    checked={creation}
                    disabled={busy && pendingIntent === "set-customer-creation"}
                    onChange={(checked) => submit({ intent: "set-customer-creation", value: checked ? "on" : "off" })}
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Bearer token
                    </Text>
                    <RemixLink to="/app/tokens">Manage tokens</RemixLink>
                  </InlineStack>
                  <Text as="p">
                    {tokens.working === 0 ? "No active token yet." : `${plural(tokens.working, "active token")}.`}{" "}
                    {tokens.newestPrefix ? (
                      <Text as="span" tone="subdued">
                        Newest: <code>{tokens.newestPrefix}…</code>. Last used: <Time value={tokens.lastUsedAt} relativeIfRecent />.
                      </Text>
                    ) : null}
                  </Text>
                  {newToken ? (
                    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                      <BlockStack gap="200">
                        <Text as="p" fontWeight="semibold">
                          Copy this token now. It is shown only once.
                        </Text>
                        <CopyField label="New SCIM token" value={newToken} />
                      </BlockStack>
                    </Box>
                  ) : null}
                  <InlineStack>
                    <Button loading={busy && pendingIntent === "create-token"} onClick={() => submit({ intent: "create-token", label: "" })}>
                      Generate token
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
              <SetupGuides
                baseUrl={baseUrl}
                tokenPrefix={tokens.newestPrefix}
                requests={requests}
                onCheckAgain={() => revalidator.revalidate()}
                checking={revalidator.state !== "idle"}
              />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Health
                </Text>
                <InlineGrid columns={2} gap="400">
                  <Stat label="People provisioned" value={String(health.people.total)}>
                    <Text as="p" variant="bodySm">
                      {health.people.active} active · {health.people.deactivated} deactivated
                    </Text>
                  </Stat>
                  <Stat label="Linked customers" value={String(health.people.linked)}>
                    {health.people.failed > 0 ? (
                      <Text as="p" variant="bodySm" tone="critical">
                        {plural(health.people.failed, "person", "people")} failed
                      </Text>
                    ) : null}
                  </Stat>
                  <Stat label="Events, last 24 h" value={String(health.last24h.events)} />
                  <Stat label="Failures, last 24 h" value={String(health.last24h.failed)}>
                    {health.last24h.failed > 0 ? <Link url="/app/log?status=failed&range=24h">Show failures</Link> : null}
                  </Stat>
                </InlineGrid>
                <Text as="p" variant="bodySm">
                  Last event: <Time value={health.lastEventAt} relativeIfRecent />
                </Text>
                {backlog ? (
                  <Text as="p" variant="bodySm">
                    Delivering: {backlog.delivered} of {backlog.total} delivered.
                  </Text>
                ) : null}
                <ActivityChart days={health.days} title="Provisioning events per day, last 14 days (UTC)" />
                <RemixLink to="/app/log">Open the sync log</RemixLink>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}
