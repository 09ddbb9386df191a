import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, isRouteErrorResponse, useLoaderData, useNavigate, useRouteError, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Link, Page, Text, useBreakpoints } from "@shopify/polaris";
import { customerAdminUrl, stateLabel, syncStateLabel } from "~/admin/labels";
import { explainError } from "~/admin/explain";
import { getPerson } from "~/admin/people.server";
import { requireAdmin } from "~/admin/session.server";
import { listLogEvents, parseLogQuery } from "~/admin/sync-log.server";
import { Time } from "~/components/Time";
import { useLogActionFetcher } from "~/components/useLogActionFetcher";

const HISTORY_PAGE = 25;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const person = await getPerson(shop.id, params.personId ?? "");
  if (!person) throw new Response("Person not found", { status: 404 });
  const url = new URL(request.url);
  const { after, before } = parseLogQuery(url.searchParams);
  const [history, failed] = await Promise.all([
    listLogEvents(shop.id, { status: [], operation: [], q: "", person: person.id, after, before }, { limit: HISTORY_PAGE }),
    listLogEvents(shop.id, { status: ["failed", "cancelled"], operation: [], q: "", person: person.id }, { limit: 1 }),
  ]);
  return { person, history, failedEventId: failed.rows[0]?.id ?? null };
}

/** One name–value pair: a <div> straight inside the <dl>, as HTML allows (axe checks it). */
function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: "var(--p-space-050)", minWidth: 0 }}>
      <Text as="dt" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <dd style={{ margin: 0, overflowWrap: "anywhere" }}>{children}</dd>
    </div>
  );
}

export default function PersonPage() {
  const { person, history, failedEventId } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const { smDown } = useBreakpoints();
  const logActions = useLogActionFetcher();
  const sync = syncStateLabel(person.syncState);
  const customerUrl = customerAdminUrl(person.customerId);
  const name = person.displayName || [person.givenName, person.familyName].filter(Boolean).join(" ") || person.userName;
  const problem = explainError(person.lastError);

  const goPage = (key: "after" | "before", cursor: string) => {
    const next = new URLSearchParams(searchParams);
    next.delete("after");
    next.delete("before");
    next.set(key, cursor);
    setSearchParams(next, { preventScrollReset: true });
  };

  const rows = history.rows.map((event, index) => {
    const state = stateLabel(event.state);
    const url = `/app/log/${event.id}?person=${person.id}`;
    const time = (
      <Link url={url} dataPrimaryLink removeUnderline monochrome>
        <Time value={event.createdAt} />
      </Link>
    );
    const badge = <Badge tone={state.tone}>{state.label}</Badge>;
    if (smDown) {
      return (
        <IndexTable.Row id={event.id} key={event.id} position={index} onClick={() => navigate(url)}>
          <div style={{ padding: "12px 16px" }}>
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="050">
                {time}
                <Text as="span" variant="bodySm">
                  {event.operationLabel} → {event.actionLabel}
                </Text>
              </BlockStack>
              {badge}
            </InlineStack>
          </div>
        </IndexTable.Row>
      );
    }
    return (
      <IndexTable.Row id={event.id} key={event.id} position={index} onClick={() => navigate(url)}>
        <IndexTable.Cell>{time}</IndexTable.Cell>
        <IndexTable.Cell>{event.operationLabel}</IndexTable.Cell>
        <IndexTable.Cell>{event.actionLabel}</IndexTable.Cell>
        <IndexTable.Cell>{badge}</IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" variant="bodySm" truncate>
            {event.outcome ?? event.lastError ?? ""}
          </Text>
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  return (
    <Page>
      <TitleBar title={name}>
        <button variant="breadcrumb" onClick={() => navigate("/app/people")}>
          People
        </button>
        <button onClick={() => logActions.submit({ intent: "resync", personId: person.id }, { method: "post", action: "/app/log" })}>Sync now</button>
      </TitleBar>
      <Layout>
        {problem && person.syncState !== "synced" ? (
          <Layout.Section>
            <Banner tone={problem.retriesByItself ? "warning" : "critical"} title={problem.title}>
              <BlockStack gap="200">
                <p>{problem.advice}</p>
                {failedEventId ? (
                  <InlineStack>
                    <Button
                      loading={logActions.state !== "idle"}
                      onClick={() => logActions.submit({ intent: "retry", eventId: failedEventId }, { method: "post", action: "/app/log" })}
                    >
                      Retry
                    </Button>
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="h2" variant="headingMd">
                  {name}
                </Text>
                <InlineStack gap="100">
                  <Badge tone={person.active ? "success" : undefined}>{person.active ? "Active" : "Deactivated"}</Badge>
                  <Badge tone={sync.tone}>{sync.label}</Badge>
                </InlineStack>
              </InlineStack>
              <dl style={{ margin: 0, display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 16rem), 1fr))", gap: "var(--p-space-400)" }}>
                  <Detail label="userName">{person.userName}</Detail>
                  <Detail label="Email">{person.email ?? "—"}</Detail>
                  <Detail label="Name">{[person.givenName, person.familyName].filter(Boolean).join(" ") || "—"}</Detail>
                  <Detail label="Phone">{person.phone ?? "—"}</Detail>
                  <Detail label="externalId (IdP id)">{person.externalId ?? "—"}</Detail>
                  <Detail label="SCIM id">
                    <code>{person.id}</code>
                  </Detail>
                  {person.enterprise.map((attribute) => (
                    <Detail key={attribute.name} label={attribute.name}>
                      {attribute.value}
                    </Detail>
                  ))}
                  {person.emails.length > 1 ? (
                    <Detail label="All emails">{person.emails.map((e) => `${e.value}${e.type ? ` (${e.type})` : ""}`).join(", ")}</Detail>
                  ) : null}
              </dl>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Shopify customer
              </Text>
              {customerUrl ? (
                <Link url={customerUrl} target="_top">
                  Open customer {person.customerId!.split("/").pop()} in Shopify
                </Link>
              ) : (
                <Text as="p" tone="subdued">
                  Not linked to a customer{person.syncState === "pending" ? " yet" : ""}.
                </Text>
              )}
              <Text as="p" variant="bodySm">
                Last synced: <Time value={person.lastSyncedAt} relativeIfRecent />
              </Text>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  Groups
                </Text>
                {person.groups.length === 0 ? (
                  <Text as="p" variant="bodySm" tone="subdued">
                    Not in any group.
                  </Text>
                ) : (
                  <InlineStack gap="100" wrap>
                    {person.groups.map((group) => (
                      <span key={group.id} title={`Customer tag: ${group.tag}`}>
                        <Badge>{`${group.displayName} → ${group.tag}`}</Badge>
                      </span>
                    ))}
                  </InlineStack>
                )}
              </BlockStack>
              {person.attributeTags.length > 0 ? (
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    Tags from attributes
                  </Text>
                  <InlineStack gap="100" wrap>
                    {person.attributeTags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </InlineStack>
                </BlockStack>
              ) : null}
              <Text as="p" variant="bodySm" tone="subdued">
                Directory version {person.version}
                {person.syncedVersion !== null ? `, delivered version ${person.syncedVersion}` : ", not delivered yet"}.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: "16px" }}>
              <Text as="h2" variant="headingMd">
                Event history
              </Text>
            </div>
            <IndexTable
              resourceName={{ singular: "event", plural: "events" }}
              itemCount={history.rows.length}
              selectable={false}
              condensed={smDown}
              headings={[{ title: "Time" }, { title: "IdP operation" }, { title: "Shopify action" }, { title: "Status" }, { title: "Outcome" }]}
              emptyState={
                <EmptyState heading="No events" image="">
                  <p>Changes to this person appear here.</p>
                </EmptyState>
              }
              pagination={{
                hasNext: !!history.next,
                hasPrevious: !!history.previous,
                onNext: () => history.next && goPage("after", history.next),
                onPrevious: () => history.previous && goPage("before", history.previous),
              }}
            >
              {rows}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page>
      <TitleBar title={notFound ? "Person not found" : "Something went wrong"} />
      <Card>
        <BlockStack gap="200">
          <Text as="p">{notFound ? "This person is not in this store's directory (they may have been deleted by the identity provider)." : "Reload the page to try again."}</Text>
          <RemixLink to="/app/people">Back to People</RemixLink>
        </BlockStack>
      </Card>
    </Page>
  );
}
