// Storefront & checkout protection: what stops a deactivated person from using the store, and
// the permissions it needs. Shopify cannot disable a customer account, so the app marks
// deactivated people and two extensions act on the marks (docs/decisions/0003): the checkout
// validation function (the gate, switched on here) and the theme app embed (a courtesy the
// merchant switches on in the theme editor). Guests are the gap: only the store's "sign in before
// checkout" setting closes it. The optional data erasure permission is requested here too.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
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
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useState, type ReactNode } from "react";
import { z } from "zod";
import prisma from "~/db.server";
import { env } from "~/env.server";
import { readAccessScopes, syncSessionScopes, type ScopesDetail } from "~/shopify-admin/access-scopes.server";
import {
  activateCheckoutValidation,
  deactivateCheckoutValidation,
  describeAdminError,
  readCheckoutValidation,
  saveCheckoutSettings,
  shopAdmin,
  type CheckoutValidationStatus,
  type ValidationChange,
} from "~/shopify-admin/checkout-validation.server";
import { CHECKOUT_MESSAGE_MAX_LENGTH, DEFAULT_CHECKOUT_MESSAGE, ERASURE_SCOPE, normalizeCheckoutMessage, SCOPE_REASONS } from "~/shopify-admin/protection";
import { authenticate } from "~/shopify.server";
import { ensureShopInstalled } from "~/tenants/shops.server";

/** The theme app embed's block file (extensions/deprovisioning-embed/blocks/deprovisioning.liquid). */
const EMBED_BLOCK_HANDLE = "deprovisioning";
/** Its name in the theme editor (extensions/deprovisioning-embed/locales/en.default.schema.json). */
const EMBED_BLOCK_NAME = "Block deactivated people";

type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(task: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await task() };
  } catch (error) {
    return { ok: false, error: describeAdminError(error) };
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = await ensureShopInstalled(session.shop);
  const admin = shopAdmin(session.shop);
  const [checkout, scopes] = await Promise.all([attempt(() => readCheckoutValidation(admin)), attempt(() => readAccessScopes(admin))]);
  // Shopify's answer is the truth; keep the offline session's copy (which the engine checks) in step.
  if (scopes.ok) await syncSessionScopes(prisma, session.shop, scopes.value.granted);
  return {
    shop: session.shop,
    themeEditorUrl: `https://${session.shop}/admin/themes/current/editor?context=apps&activateAppId=${env.SHOPIFY_API_KEY}/${EMBED_BLOCK_HANDLE}`,
    deletePolicy: shop.deletePolicy,
    checkout,
    scopes,
  };
}

const booleanField = z.enum(["true", "false"]).transform((value) => value === "true");
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("activate"), message: z.string().optional(), blockOnFailure: booleanField.optional() }),
  z.object({ intent: z.literal("save"), message: z.string().optional(), blockOnFailure: booleanField.optional() }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("sync-scopes") }),
]);

export type ActionResult =
  | { ok: true; notice: string; checkout?: CheckoutValidationStatus; scopes?: ScopesDetail }
  | { ok: false; error: string; field?: "message"; checkout?: CheckoutValidationStatus };

function fromChange(change: ValidationChange, notice: string): ActionResult {
  return change.ok ? { ok: true, notice, checkout: change.status } : { ok: false, error: change.message, checkout: change.status };
}

export async function action({ request }: ActionFunctionArgs): Promise<Response | ActionResult> {
  const { session } = await authenticate.admin(request);
  await ensureShopInstalled(session.shop);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ ok: false, error: "That request isn't one this page sends." } satisfies ActionResult, { status: 400 });
  const input = parsed.data;
  const admin = shopAdmin(session.shop);
  try {
    if (input.intent === "sync-scopes") {
      const detail = await readAccessScopes(admin);
      await syncSessionScopes(prisma, session.shop, detail.granted);
      return { ok: true, notice: "Permissions updated", scopes: detail };
    }
    if (input.intent === "deactivate") return fromChange(await deactivateCheckoutValidation(admin), "Checkout blocking is off");
    const message = normalizeCheckoutMessage(input.message ?? "");
    if (!message.ok) return Response.json({ ok: false, error: message.error, field: "message" } satisfies ActionResult, { status: 400 });
    if (input.intent === "activate") {
      return fromChange(await activateCheckoutValidation(admin, { message: message.value, blockOnFailure: input.blockOnFailure }), "Checkout blocking is on");
    }
    return fromChange(await saveCheckoutSettings(admin, { message: message.value, blockOnFailure: input.blockOnFailure }), "Checkout settings saved");
  } catch (error) {
    return { ok: false, error: describeAdminError(error) };
  }
}

/** A card that is also a named region, so assistive technology (and tests) can find it by its heading. */
function Section({ id, children }: { id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Card>{children}</Card>
    </section>
  );
}

function CheckoutBlocking({ status }: { status: CheckoutValidationStatus }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [current, setCurrent] = useState(status);
  const validation = current.validation;
  const [message, setMessage] = useState(validation?.message ?? "");
  const [blockOnFailure, setBlockOnFailure] = useState(validation?.blockOnFailure ?? false);
  const busy = fetcher.state !== "idle";
  const result = fetcher.data as ActionResult | undefined;

  useEffect(() => setCurrent(status), [status]);
  useEffect(() => {
    if (fetcher.state !== "idle" || !result) return;
    if (result.checkout) {
      setCurrent(result.checkout);
      if (result.ok) {
        setMessage(result.checkout.validation?.message ?? "");
        setBlockOnFailure(result.checkout.validation?.blockOnFailure ?? false);
      }
    }
    if (result.ok) shopify.toast.show(result.notice);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, result]);

  const enabled = validation?.enabled === true;
  const submit = (intent: "activate" | "save" | "deactivate") =>
    fetcher.submit(intent === "deactivate" ? { intent } : { intent, message, blockOnFailure: String(blockOnFailure) }, { method: "post" });
  const submitting = (intent: string) => busy && fetcher.formData?.get("intent") === intent;
  const full = !enabled && current.activeValidations >= current.maxActiveValidations;

  return (
    <Section id="protection-checkout">
      <BlockStack gap="400">
        <InlineStack gap="200" align="space-between" blockAlign="center" wrap>
          <Text as="h2" variant="headingMd" id="protection-checkout">
            Checkout blocking
          </Text>
          {current.function === null ? (
            <Badge tone="critical">Not available</Badge>
          ) : enabled ? (
            <Badge tone="success">On</Badge>
          ) : (
            <Badge>Off</Badge>
          )}
        </InlineStack>
        <Text as="p">
          Stops a person your identity provider has deactivated from checking out while signed in. Shopify runs the check on its
          own servers, in the cart and in every checkout, including Shop Pay and other express checkouts, so nobody can get past it
          from their browser.
        </Text>
        {result && !result.ok && (
          <Banner tone="critical" title="That didn't work">
            <p>{result.error}</p>
          </Banner>
        )}
        {current.function === null && (
          <Banner tone="critical" title="The app's checkout function isn't available in this store">
            <p>
              The function ships with the app (<code>shopify app deploy</code>). Until it is deployed, checkout blocking can't be
              turned on.
            </p>
          </Banner>
        )}
        {full && (
          <Banner tone="warning" title={`Your store has ${current.activeValidations} active checkout rules`}>
            <p>
              Shopify allows {current.maxActiveValidations} at a time. Turn one off under Settings › Checkout › Checkout rules before
              turning this one on.
            </p>
          </Banner>
        )}
        {enabled && (
          <Text as="p" tone="subdued">
            You'll find it as “{validation?.title}” under{" "}
            <Link url="shopify://admin/settings/checkout" removeUnderline={false}>
              Settings › Checkout
            </Link>{" "}
            › Checkout rules.
          </Text>
        )}
        <Divider />
        <TextField
          label="Message shown at checkout"
          value={message}
          onChange={setMessage}
          autoComplete="off"
          maxLength={CHECKOUT_MESSAGE_MAX_LENGTH}
          showCharacterCount
          placeholder={DEFAULT_CHECKOUT_MESSAGE}
          helpText="Leave empty to use the text shown as a placeholder. One line; the same text is shown in every language."
          error={result && !result.ok && result.field === "message" ? result.error : undefined}
        />
        <Checkbox
          label="Close checkout to everyone if the check itself fails"
          checked={blockOnFailure}
          onChange={setBlockOnFailure}
          helpText="Off (recommended): if Shopify can't run the check, for example after a timeout, buyers can still check out. On: nobody can check out until it runs again."
        />
        <InlineStack gap="200" wrap>
          {enabled ? (
            <>
              <Button variant="primary" onClick={() => submit("save")} loading={submitting("save")} disabled={busy}>
                Save
              </Button>
              <Button tone="critical" onClick={() => submit("deactivate")} loading={submitting("deactivate")} disabled={busy}>
                Turn off checkout blocking
              </Button>
            </>
          ) : (
            <>
              <Button variant="primary" onClick={() => submit("activate")} loading={submitting("activate")} disabled={busy || current.function === null || full}>
                Turn on checkout blocking
              </Button>
              {validation && (
                <Button onClick={() => submit("save")} loading={submitting("save")} disabled={busy}>
                  Save without turning on
                </Button>
              )}
            </>
          )}
        </InlineStack>
        {current.duplicates.length > 0 && (
          <Text as="p" tone="subdued">
            This store has {current.duplicates.length} more copy of the rule; turning it on again removes the extra.
          </Text>
        )}
      </BlockStack>
    </Section>
  );
}

function StorefrontEmbed({ themeEditorUrl }: { themeEditorUrl: string }) {
  return (
    <Section id="protection-embed">
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd" id="protection-embed">
          Storefront notice
        </Text>
        <Text as="p">
          A theme app embed shows a signed-in deactivated person a “Your access has been deactivated” notice with a sign-out link,
          and hides the store behind it, so they learn why at once instead of at checkout. Its setting “Require login for the whole
          store” sends visitors who aren't signed in to the login page, for employee stores.
        </Text>
        <Text as="p" tone="subdued">
          This is a courtesy, not protection: the page still reaches the browser, and the login requirement hides the store without
          making it private. Checkout blocking is what stops purchases.
        </Text>
        <InlineStack gap="200" wrap>
          <Button url={themeEditorUrl} target="_top" variant="primary">
            Turn on in the theme editor
          </Button>
        </InlineStack>
        <BlockStack gap="100">
          <Text as="p">Or by hand:</Text>
          <List type="number">
            <List.Item>Online Store › Themes › Customize.</List.Item>
            <List.Item>Open App embeds (in the theme settings sidebar).</List.Item>
            <List.Item>Switch on “{EMBED_BLOCK_NAME}”, then Save.</List.Item>
          </List>
        </BlockStack>
        <Text as="p" tone="subdued">
          The app doesn't ask for permission to read your themes, so it can't show whether the embed is on. It works in any theme,
          but not on headless storefronts or on Shopify-hosted customer account pages.
        </Text>
      </BlockStack>
    </Section>
  );
}

function GuestCheckout({ loginRequired }: { loginRequired: boolean | null }) {
  return (
    <Section id="protection-guests">
      <BlockStack gap="300">
        <InlineStack gap="200" align="space-between" blockAlign="center" wrap>
          <Text as="h2" variant="headingMd" id="protection-guests">
            Guest checkout
          </Text>
          {loginRequired === true && <Badge tone="success">Sign-in required</Badge>}
          {loginRequired === false && <Badge tone="warning">Guests can check out</Badge>}
        </InlineStack>
        <Text as="p">
          Checkout blocking sees a customer only when they are signed in. A deactivated person who checks out as a guest, typing
          their email address, is not blocked.
        </Text>
        {loginRequired === true ? (
          <Banner tone="success">
            <p>Your store requires customers to sign in before checkout, so a deactivated person can't get around the block as a guest.</p>
          </Banner>
        ) : (
          <Banner tone="warning" title="Close the gap: require sign-in before checkout">
            <BlockStack gap="200">
              <p>
                In{" "}
                <Link url="shopify://admin/settings/customer_accounts" removeUnderline={false}>
                  Settings › Customer accounts
                </Link>
                , turn on the option that requires customers to sign in before checkout. A deactivated person then has to sign in, and
                the check stops them; if their email is a company mailbox your identity provider has also closed, they can't sign in
                at all.
              </p>
              {loginRequired === null && <p>The app couldn't read this setting from Shopify just now.</p>}
            </BlockStack>
          </Banner>
        )}
      </BlockStack>
    </Section>
  );
}

function Permissions({ initial, deletePolicy }: { initial: ScopesDetail; deletePolicy: string }) {
  const shopify = useAppBridge();
  const fetcher = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const [scopes, setScopes] = useState(initial);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setScopes(initial), [initial]);
  useEffect(() => {
    const data = fetcher.data as ActionResult | undefined;
    if (fetcher.state === "idle" && data?.ok && data.scopes) setScopes(data.scopes);
  }, [fetcher.state, fetcher.data]);

  const granted = (scope: string) => scopes.granted.includes(scope);
  const erasureGranted = granted(ERASURE_SCOPE);
  const erasureDeclared = scopes.optional.includes(ERASURE_SCOPE);
  const needsErasure = deletePolicy === "request_erasure";

  async function change(kind: "request" | "revoke") {
    setPending(true);
    setProblem(null);
    try {
      if (kind === "request") {
        const response = await shopify.scopes.request([ERASURE_SCOPE]);
        if (response.result !== "granted-all") {
          shopify.toast.show("Permission not granted");
          return;
        }
      } else {
        await shopify.scopes.revoke([ERASURE_SCOPE]);
      }
      // Copy Shopify's answer onto the app's session so provisioning sees it at once.
      fetcher.submit({ intent: "sync-scopes" }, { method: "post" });
      revalidator.revalidate();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <Section id="protection-permissions">
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd" id="protection-permissions">
          Permissions
        </Text>
        <Text as="p">The app asks only for what its features need. What each permission is for:</Text>
        <BlockStack gap="300">
          {scopes.required.map((scope) => (
            <Box key={scope}>
              <InlineStack gap="200" blockAlign="center" wrap>
                <Text as="h3" variant="headingSm">
                  {SCOPE_REASONS[scope]?.title ?? scope}
                </Text>
                <Text as="span" tone="subdued">
                  <code>{scope}</code>
                </Text>
                {granted(scope) ? <Badge tone="success">Granted</Badge> : <Badge tone="attention">Waiting for approval</Badge>}
              </InlineStack>
              <Text as="p" tone="subdued">
                {SCOPE_REASONS[scope]?.why ?? "Required by the app."}
              </Text>
            </Box>
          ))}
        </BlockStack>
        {erasureDeclared && (
          <>
            <Divider />
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center" wrap>
                <Text as="h3" variant="headingSm">
                  {SCOPE_REASONS[ERASURE_SCOPE]!.title} (optional)
                </Text>
                <Text as="span" tone="subdued">
                  <code>{ERASURE_SCOPE}</code>
                </Text>
                {erasureGranted ? <Badge tone="success">Granted</Badge> : <Badge>Not granted</Badge>}
              </InlineStack>
              <Text as="p" tone="subdued">
                {SCOPE_REASONS[ERASURE_SCOPE]!.why}
              </Text>
              {needsErasure && !erasureGranted && (
                <Banner tone="warning" title="Your SCIM DELETE policy needs this permission">
                  <p>
                    People deleted in your identity provider are marked, but their data erasure isn't requested until you grant it (or
                    choose another DELETE policy in Settings). Failed deletions can be retried from the sync log afterwards.
                  </p>
                </Banner>
              )}
              {problem && (
                <Banner tone="critical" title="Shopify didn't change the permission">
                  <p>{problem}</p>
                </Banner>
              )}
              <InlineStack gap="200" wrap>
                {erasureGranted ? (
                  <Button onClick={() => change("revoke")} loading={pending} disabled={needsErasure}>
                    Remove data erasure permission
                  </Button>
                ) : (
                  <Button variant={needsErasure ? "primary" : "secondary"} onClick={() => change("request")} loading={pending}>
                    Grant data erasure permission
                  </Button>
                )}
              </InlineStack>
              {erasureGranted && needsErasure && (
                <Text as="p" tone="subdued">
                  To remove it, first choose another SCIM DELETE policy in Settings.
                </Text>
              )}
            </BlockStack>
          </>
        )}
      </BlockStack>
    </Section>
  );
}

function Unavailable({ id, title, error }: { id: string; title: string; error: string }) {
  return (
    <Section id={id}>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd" id={id}>
          {title}
        </Text>
        <Banner tone="critical" title="Shopify didn't answer">
          <p>{error}</p>
        </Banner>
      </BlockStack>
    </Section>
  );
}

export default function Protection() {
  const { checkout, scopes, themeEditorUrl, deletePolicy } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Storefront & checkout protection" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Box paddingInline={{ xs: "400", sm: "0" }}>
              <Text as="p" tone="subdued">
                Shopify can't disable a customer account. When your identity provider deactivates someone, the app marks their
                customer (the tag “scim:deactivated” and an app-owned field), and these act on the mark.
              </Text>
            </Box>
            {checkout.ok ? <CheckoutBlocking status={checkout.value} /> : <Unavailable id="protection-checkout" title="Checkout blocking" error={checkout.error} />}
            <GuestCheckout loginRequired={checkout.ok ? checkout.value.loginRequiredAtCheckout : null} />
            <StorefrontEmbed themeEditorUrl={themeEditorUrl} />
            {scopes.ok ? <Permissions initial={scopes.value} deletePolicy={deletePolicy} /> : <Unavailable id="protection-permissions" title="Permissions" error={scopes.error} />}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers reach the browser.
export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
