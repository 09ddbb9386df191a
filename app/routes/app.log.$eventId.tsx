import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, isRouteErrorResponse, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, Link, List, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { customerAdminUrl, membershipChangeLabel, operationRequest, stateLabel } from "~/admin/labels";
import { requireAdmin } from "~/admin/session.server";
import { getLogEvent } from "~/admin/sync-log.server";
import { Time } from "~/components/Time";
import { useLogActionFetcher } from "~/components/useLogActionFetcher";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const event = await getLogEvent(shop.id, params.eventId ?? "");
  if (!event) throw new Response("Event not found", { status: 404 });
  return { event };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="dt" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <dd style={{ margin: 0 }}>{children}</dd>
    </BlockStack>
  );
}

function CloseLink() {
  const { search } = useLocation();
  return (
    <RemixLink to={`/app/log${search}`} preventScrollReset aria-label="Close event details">
      Close
    </RemixLink>
  );
}

export default function EventDetail() {
  const { event } = useLoaderData<typeof loader>();
  const retry = useLogActionFetcher();
  const heading = useRef<HTMLHeadingElement>(null);
  const state = stateLabel(event.state);
  const customerUrl = customerAdminUrl(event.customerId);

  // Move focus to the panel when it opens (keyboard and screen-reader users, phones).
  useEffect(() => {
    heading.current?.focus();
    if (window.innerWidth < 768) heading.current?.scrollIntoView({ block: "start" });
  }, [event.id]);

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <h2 ref={heading} tabIndex={-1} style={{ outline: "none" }} className="Polaris-Text--root Polaris-Text--headingMd">
            Event details
          </h2>
          <CloseLink />
        </InlineStack>
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={state.tone}>
            {state.label}
          </Badge>
          <Text as="span" variant="bodySm" tone="subdued">
            {event.attempts} of {event.maxAttempts} attempts
          </Text>
        </InlineStack>

        {event.explanation ? (
          <Banner tone={event.explanation.retriesByItself ? "warning" : "critical"} title={event.explanation.title}>
            <BlockStack gap="200">
              <p>{event.explanation.advice}</p>
              {event.state === "retry" ? (
                <p>
                  Next attempt: <Time value={event.runAt} />
                </p>
              ) : null}
              <details>
                <summary>Exact message</summary>
                <Box paddingBlockStart="100">
                  <code style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{event.lastError}</code>
                </Box>
              </details>
            </BlockStack>
          </Banner>
        ) : null}
        {event.canRetry ? (
          <InlineStack>
            <Button
              variant="primary"
              loading={retry.state !== "idle"}
              onClick={() => retry.submit({ intent: "retry", eventId: event.id }, { method: "post", action: "/app/log" })}
            >
              Retry
            </Button>
          </InlineStack>
        ) : null}

        <dl style={{ margin: 0, display: "grid", gap: 12 }}>
          <Row label="Person">
            {event.person ? (
              <RemixLink to={`/app/people/${event.person.id}`}>{event.personLabel}</RemixLink>
            ) : (
              <Text as="span">{event.personLabel}</Text>
            )}
          </Row>
          <Row label="Received">
            <Time value={event.createdAt} />
          </Row>
          <Row label={event.resourceType === "Shop" ? "Requested by" : "SCIM request (redacted)"}>
            <BlockStack gap="100">
              <code>{operationRequest(event.operation, event.resourceType)}</code>
              {event.changed.length > 0 ? (
                <Text as="span" variant="bodySm">
                  Changed: {event.changed.join(", ")}
                </Text>
              ) : null}
              {event.active !== null ? (
                <Text as="span" variant="bodySm">
                  active: {String(event.active)}
                </Text>
              ) : null}
              {event.group ? (
                <Text as="span" variant="bodySm">
                  Group {event.group.displayName ? `"${event.group.displayName}"` : "(deleted since)"}: {membershipChangeLabel(event.group.change)}
                </Text>
              ) : null}
              {event.reason ? (
                <Text as="span" variant="bodySm">
                  Reason: {event.reason}
                </Text>
              ) : null}
              {event.resourceType === "Shop" ? null : (
                <Text as="span" variant="bodySm" tone="subdued">
                  Only attribute names are kept, never their values.
                </Text>
              )}
            </BlockStack>
          </Row>
          <Row label="Shopify">
            <BlockStack gap="100">
              <Text as="span" fontWeight="semibold">
                {event.actionLabel}
              </Text>
              {event.outcome ? <Text as="span">{event.outcome}</Text> : null}
              {event.completedAt ? (
                <Text as="span" variant="bodySm" tone="subdued">
                  Finished <Time value={event.completedAt} />
                </Text>
              ) : null}
              {customerUrl ? (
                <Link url={customerUrl} target="_top">
                  Open customer {event.customerId!.split("/").pop()} in Shopify
                </Link>
              ) : null}
              {event.coalescedInto ? (
                <RemixLink to={`/app/log/${event.coalescedInto}`}>Delivered together with a later change</RemixLink>
              ) : null}
            </BlockStack>
          </Row>
          {event.warnings.length > 0 ? (
            <Row label="Warnings">
              <List>
                {event.warnings.map((warning) => (
                  <List.Item key={warning}>{warning}</List.Item>
                ))}
              </List>
            </Row>
          ) : null}
        </dl>

        {event.history.length > 0 ? (
          <>
            <Divider />
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                Attempts
              </Text>
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {event.history.map((entry, index) => (
                  <li key={`${entry.at}-${index}`}>
                    <Text as="span" variant="bodySm">
                      <Time value={entry.at} />
                      {entry.ms !== undefined ? ` · ${Math.round(entry.ms)} ms` : ""}
                      {entry.error ? ` · ${entry.error}` : ""}
                      {entry.note ? ` · ${entry.note}` : ""}
                      {!entry.error && !entry.note ? " · delivered" : ""}
                    </Text>
                  </li>
                ))}
              </ol>
            </BlockStack>
          </>
        ) : null}
        <Text as="p" variant="bodySm" tone="subdued">
          Event {event.id}
        </Text>
      </BlockStack>
    </Card>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {notFound ? "Event not found" : "This event could not be loaded"}
        </Text>
        <Text as="p">{notFound ? "It may belong to another store, or the link is mistyped." : "Reload the page to try again."}</Text>
        <CloseLink />
      </BlockStack>
    </Card>
  );
}
