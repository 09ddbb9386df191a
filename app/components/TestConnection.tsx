// "Test connection": the last requests this app received from the identity provider, with the
// answer it got, so the merchant sees at once whether the IdP reaches the store and is accepted.
import { Badge, BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import type { BadgeTone } from "~/admin/labels";
import { Time } from "./Time";

export interface RecentRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  userAgent: string | null;
}

/** Which client sent it, from its User-Agent. */
export function clientName(userAgent: string | null): string {
  if (!userAgent) return "Unknown client";
  if (/okta/i.test(userAgent)) return "Okta";
  if (/azure|entra|microsoft|aad/i.test(userAgent)) return "Microsoft Entra ID";
  if (/onelogin/i.test(userAgent)) return "OneLogin";
  if (/jumpcloud/i.test(userAgent)) return "JumpCloud";
  // Word-bounded: "Shopping…" or "Mapping…" must not read as Ping.
  if (/\bping(?:one|federate|identity)?\b/i.test(userAgent)) return "Ping Identity";
  if (/rippling/i.test(userAgent)) return "Rippling";
  return userAgent.length > 60 ? `${userAgent.slice(0, 60)}…` : userAgent;
}

export function verdict(status: number): { tone: BadgeTone; label: string; advice: string } {
  if (status < 300) return { tone: "success", label: "Connected", advice: "The identity provider reached this store and its token was accepted." };
  if (status === 401)
    return {
      tone: "critical",
      label: "Token refused",
      advice: "The token is missing, mistyped, revoked or past its grace period. Paste a current token into your identity provider.",
    };
  if (status === 403) return { tone: "critical", label: "SCIM is off", advice: "Turn SCIM on above; until then every request is refused." };
  if (status === 429) return { tone: "warning", label: "Slowed down", advice: "Too many requests at once; the identity provider retries after a pause." };
  if (status >= 500) return { tone: "critical", label: "Server error", advice: "The app could not answer; it was logged. Try again in a minute." };
  return {
    tone: "attention",
    label: `Answered ${status}`,
    advice: "Reached the store, but this request was not accepted (often normal: e.g. a lookup of a person who does not exist yet).",
  };
}

export function TestConnection({ requests, onCheckAgain, checking }: { requests: RecentRequest[]; onCheckAgain: () => void; checking: boolean }) {
  const latest = requests[0];
  const summary = latest ? verdict(latest.status) : null;
  return (
    <Box background="bg-surface-secondary" padding="400" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h3" variant="headingSm">
            Test connection: last request received
          </Text>
          <Button onClick={onCheckAgain} loading={checking}>
            Check again
          </Button>
        </InlineStack>
        {latest && summary ? (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center" wrap>
              <Badge tone={summary.tone}>{summary.label}</Badge>
              <Text as="span">
                {clientName(latest.userAgent)} sent{" "}
                <code>
                  {latest.method} {latest.path}
                </code>{" "}
                <Time value={latest.at} relativeIfRecent />, answered {latest.status}.
              </Text>
            </InlineStack>
            <Text as="p" tone="subdued">
              {summary.advice}
            </Text>
            {requests.length > 1 ? (
              <details>
                <summary>
                  <Text as="span">Earlier requests ({requests.length - 1})</Text>
                </summary>
                <Box paddingBlockStart="200">
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {requests.slice(1).map((request, index) => (
                      <li key={`${request.at}-${index}`}>
                        <Text as="span" variant="bodySm">
                          <Time value={request.at} /> · {clientName(request.userAgent)} ·{" "}
                          <code>
                            {request.method} {request.path}
                          </code>{" "}
                          → {request.status}
                        </Text>
                      </li>
                    ))}
                  </ul>
                </Box>
              </details>
            ) : null}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            No request yet. Run your identity provider's connection test, then click Check again. Requests with a token this store does not know
            cannot be shown here.
          </Text>
        )}
      </BlockStack>
    </Box>
  );
}
