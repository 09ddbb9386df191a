import type { LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Modal, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
  useBreakpoints,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { BadgeTone } from "~/admin/labels";
import { requireAdmin } from "~/admin/session.server";
import { CopyField } from "~/components/CopyField";
import { Time } from "~/components/Time";
import { listScimTokens, listTokenAudit } from "~/tenants/scim-tokens.server";
import { GRACE_PERIODS, GRACE_PERIOD_NAMES, type GracePeriod } from "~/tenants/token-grace";
import type { action as scimApiAction } from "./app.api.scim";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor } = await requireAdmin(request);
  const [tokens, audit] = await Promise.all([listScimTokens(shop.id), listTokenAudit(shop.id, 50)]);
  return {
    actor,
    tokens: tokens.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      expiresAt: t.expiresAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
    audit: audit.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    graceOptions: GRACE_PERIOD_NAMES.map((name) => ({ value: name, label: GRACE_PERIODS[name].label })),
  };
}

type TokenRow = ReturnType<typeof useLoaderData<typeof loader>>["tokens"][number];

const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  active: { tone: "success", label: "Active" },
  expiring: { tone: "attention", label: "Grace period" },
  expired: { tone: undefined, label: "Expired" },
  revoked: { tone: undefined, label: "Revoked" },
};

const AUDIT_ACTIONS: Record<string, string> = { created: "Created", rotated: "Rotated", revoked: "Revoked" };

function actorName(actor: string, me: string): string {
  if (actor === me) return "You";
  if (actor === "system") return "The app";
  if (actor === "unknown") return "A staff member";
  return `Staff member ${actor}`;
}

function graceHelp(grace: GracePeriod): string {
  return grace === "none"
    ? "The old token stops working at once: calls from an identity provider that still uses it get 401 until you paste the new one."
    : `The old token keeps working for ${GRACE_PERIODS[grace].label}, so you can paste the new one into your identity provider without failed calls.`;
}

export default function Tokens() {
  const { actor, tokens, audit, graceOptions } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const api = useFetcher<typeof scimApiAction>();
  const { smDown } = useBreakpoints();
  const [label, setLabel] = useState("");
  const [shownOnce, setShownOnce] = useState<{ token: string; note: string } | null>(null);
  const [rotating, setRotating] = useState<TokenRow | null>(null);
  const [grace, setGrace] = useState<GracePeriod>("24h");
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const busy = api.state !== "idle";
  const intent = api.formData?.get("intent");

  useEffect(() => {
    const data = api.data;
    if (!data || api.state !== "idle") return;
    if ("error" in data && data.error) {
      shopify.toast.show(data.error, { isError: true });
    } else if ("previous" in data && data.token) {
      setShownOnce({ token: data.token, note: `Replaces ${data.previous.prefix}… (${data.grace}).` });
      shopify.toast.show("Token rotated");
    } else if ("token" in data && data.token) {
      setShownOnce({ token: data.token, note: "" });
      setLabel("");
      shopify.toast.show("Token generated");
    } else if ("revoked" in data) {
      shopify.toast.show(`Token ${data.revoked.prefix}… revoked`);
    }
    setRotating(null);
    setRevoking(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api.data, api.state]);

  const submit = (fields: Record<string, string>) => api.submit(fields, { method: "post", action: "/app/api/scim" });
  const working = tokens.filter((t) => t.status === "active" || t.status === "expiring");

  const rows = tokens.map((t, index) => {
    const status = STATUS[t.status]!;
    const live = t.status === "active" || t.status === "expiring";
    const actions = live ? (
      <InlineStack gap="200" wrap={false}>
        <Button size="slim" onClick={() => setRotating(t)} accessibilityLabel={`Rotate token ${t.prefix}`}>
          Rotate
        </Button>
        <Button size="slim" tone="critical" variant="secondary" onClick={() => setRevoking(t)} accessibilityLabel={`Revoke token ${t.prefix}`}>
          Revoke
        </Button>
      </InlineStack>
    ) : null;
    const statusBadge = (
      <BlockStack gap="050">
        <span>
          <Badge tone={status.tone}>{status.label}</Badge>
        </span>
        {t.status === "expiring" ? (
          <Text as="span" variant="bodySm">
            until <Time value={t.expiresAt} />
          </Text>
        ) : null}
      </BlockStack>
    );
    if (smDown) {
      return (
        <IndexTable.Row id={t.id} key={t.id} position={index}>
          <div style={{ padding: "12px 16px" }}>
            <BlockStack gap="200">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  <code>{t.prefix}…</code> {t.label}
                </Text>
                {statusBadge}
              </InlineStack>
              <Text as="span" variant="bodySm" tone="subdued">
                Created <Time value={t.createdAt} /> · last used <Time value={t.lastUsedAt} relativeIfRecent />
              </Text>
              {actions}
            </BlockStack>
          </div>
        </IndexTable.Row>
      );
    }
    return (
      <IndexTable.Row id={t.id} key={t.id} position={index}>
        <IndexTable.Cell>
          <code>{t.prefix}…</code>
        </IndexTable.Cell>
        <IndexTable.Cell>{t.label || <Text as="span" tone="subdued">—</Text>}</IndexTable.Cell>
        <IndexTable.Cell>{statusBadge}</IndexTable.Cell>
        <IndexTable.Cell>
          <Time value={t.createdAt} />
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Time value={t.lastUsedAt} relativeIfRecent />
        </IndexTable.Cell>
        <IndexTable.Cell>{actions}</IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  return (
    <Page>
      <TitleBar title="Tokens" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Generate a token
                </Text>
                <Text as="p" tone="subdued">
                  Your identity provider sends the token with every request. The app keeps only a hash: the token is shown once, then only its first
                  characters.
                </Text>
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    submit({ intent: "create-token", label });
                  }}
                >
                  <BlockStack gap="300">
                    <TextField
                      label="Label (optional)"
                      placeholder="e.g. Okta production"
                      value={label}
                      onChange={setLabel}
                      autoComplete="off"
                      maxLength={100}
                      helpText="To tell tokens apart, e.g. which identity provider uses it."
                    />
                    <InlineStack>
                      <Button submit variant="primary" loading={busy && intent === "create-token"}>
                        Generate token
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </form>
                {shownOnce ? (
                  <Box padding="300" background="bg-surface-success" borderRadius="200">
                    <BlockStack gap="200">
                      <Text as="p" fontWeight="semibold">
                        Copy this token now. It is shown only once. {shownOnce.note}
                      </Text>
                      <CopyField label="New SCIM token" value={shownOnce.token} />
                      <InlineStack>
                        <Button variant="plain" onClick={() => setShownOnce(null)}>
                          I copied it
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </Box>
                ) : null}
              </BlockStack>
            </Card>
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  Tokens
                </Text>
                <Text as="p" tone="subdued">
                  {working.length === 0 ? "No token works right now." : `${working.length} working. `}
                  Rotate a token to replace it, with a grace period for the old one; revoke to stop it at once.
                </Text>
              </Box>
              <IndexTable
                resourceName={{ singular: "token", plural: "tokens" }}
                itemCount={tokens.length}
                selectable={false}
                condensed={smDown}
                headings={[
                  { title: "Token" },
                  { title: "Label" },
                  { title: "Status" },
                  { title: "Created" },
                  { title: "Last used" },
                  { title: "Actions", hidden: true },
                ]}
                emptyState={
                  <EmptyState heading="No tokens yet" image="">
                    <p>Generate a token and paste it into your identity provider.</p>
                  </EmptyState>
                }
              >
                {rows}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Audit trail
              </Text>
              {audit.length === 0 ? (
                <Text as="p" tone="subdued">
                  No token actions yet.
                </Text>
              ) : (
                <ul aria-label="Token actions" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                  {audit.map((entry) => (
                    <li key={entry.id} style={{ padding: "8px 0", borderBottom: "1px solid var(--p-color-border-secondary)" }}>
                      <BlockStack gap="050">
                        <Text as="p">
                          <Text as="span" fontWeight="semibold">
                            {AUDIT_ACTIONS[entry.action] ?? entry.action} <code>{entry.tokenPrefix}…</code>
                          </Text>{" "}
                          by {actorName(entry.actor, actor)}
                        </Text>
                        <Text as="p" variant="bodySm" tone="subdued">
                          <Time value={entry.createdAt} /> · {entry.detail}
                        </Text>
                      </BlockStack>
                    </li>
                  ))}
                </ul>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>

      <Modal id="rotate-token-modal" open={rotating !== null} onHide={() => setRotating(null)}>
        <Box padding="400">
          <BlockStack gap="300">
            <Text as="p">
              A new token replaces <code>{rotating?.prefix}…</code>
              {rotating?.label ? ` (${rotating.label})` : ""}. Paste it into your identity provider right after.
            </Text>
            <Select
              label="Keep the old token working for"
              options={graceOptions}
              value={grace}
              onChange={(value) => setGrace(value as GracePeriod)}
              helpText={graceHelp(grace)}
            />
          </BlockStack>
        </Box>
        <TitleBar title="Rotate token">
          <button
            variant="primary"
            onClick={() => rotating && submit({ intent: "rotate-token", tokenId: rotating.id, grace })}
            {...(busy && intent === "rotate-token" ? { loading: "" } : {})}
          >
            Rotate token
          </button>
          <button onClick={() => setRotating(null)}>Cancel</button>
        </TitleBar>
      </Modal>

      <Modal id="revoke-token-modal" open={revoking !== null} onHide={() => setRevoking(null)}>
        <Box padding="400">
          <Text as="p">
            Token <code>{revoking?.prefix}…</code>
            {revoking?.label ? ` (${revoking.label})` : ""} stops working at once: every identity provider still using it gets 401. This cannot be
            undone.
          </Text>
        </Box>
        <TitleBar title="Revoke token">
          <button
            variant="primary"
            tone="critical"
            onClick={() => revoking && submit({ intent: "revoke-token", tokenId: revoking.id })}
            {...(busy && intent === "revoke-token" ? { loading: "" } : {})}
          >
            Revoke token
          </button>
          <button onClick={() => setRevoking(null)}>Cancel</button>
        </TitleBar>
      </Modal>
    </Page>
  );
}
