import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, ChoiceList, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { invalid, requireAdmin } from "~/admin/session.server";
import { DEFAULT_MAPPING_FORM, countLinkedPeople, saveSettings, settingsOf, type SettingsErrors, type SettingsForm } from "~/admin/settings.server";
import { DEACTIVATION_OPTIONS, DELETED_CUSTOMER_OPTIONS, DELETE_OPTIONS, MAPPED_FIELDS, MAX_METAFIELDS, MAX_TAG_PREFIX, MAX_TAG_RULES, type PolicyOption } from "~/admin/settings-options";
import { formatCount, plural } from "~/admin/labels";
import { MappingRows } from "~/components/MappingRows";
import prisma from "~/db.server";
import { queueShopProvisioningJob } from "~/sync/runtime.server";
import { pendingShopJob } from "~/sync/shop-jobs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const [linkedPeople, remap] = await Promise.all([countLinkedPeople(shop.id), pendingShopJob(prisma, shop.id, "remap")]);
  return { settings: settingsOf(shop), defaults: DEFAULT_MAPPING_FORM, linkedPeople, remapPending: !!remap };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return invalid("Send the settings as JSON.");
  }
  if (body && typeof body === "object" && (body as { intent?: unknown }).intent === "apply-mapping") {
    // Queued: the job queues every linked person for a full re-delivery (app/sync/shop-jobs.server.ts).
    const { queued } = await queueShopProvisioningJob(shop.id, "remap");
    return { remapQueued: queued };
  }
  const result = await saveSettings(shop.id, body);
  if (!result.ok) return Response.json({ errors: result.errors }, { status: 400 });
  return { settings: result.settings, mappingChanged: result.mappingChanged };
}

function Policy({ title, help, options, value, onChange }: { title: string; help: string; options: PolicyOption[]; value: string; onChange: (value: string) => void }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          <Text as="p" tone="subdued">
            {help}
          </Text>
        </BlockStack>
        <ChoiceList
          title={title}
          titleHidden
          choices={options.map((option) => ({ value: option.value, label: option.label, helpText: option.helpText }))}
          selected={[value]}
          onChange={([next]) => next && onChange(next)}
        />
      </BlockStack>
    </Card>
  );
}

/** The tag a rule gives for a sample value, as the merchant will see it in Shopify. */
function sampleTag(prefix: string, path: string): string {
  const attribute = path.split("|")[0]!.split(/[:.[]/).filter(Boolean);
  const name = attribute.at(-1) === "value" ? attribute.at(-2) : attribute.at(-1);
  const samples: Record<string, string> = { department: "Sales", costCenter: "CC-100", division: "EMEA", organization: "Acme", title: "Buyer", userType: "Employee", roles: "wholesale", entitlements: "vip" };
  return `${prefix}${(name && samples[name]) ?? "value"}`;
}

export default function Settings() {
  const { settings, defaults, linkedPeople, remapPending } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const fetcher = useFetcher<typeof action>();
  const applyFetcher = useFetcher<typeof action>();
  const [offerApply, setOfferApply] = useState(false);
  const [saved, setSaved] = useState<SettingsForm>(settings);
  const [form, setForm] = useState<SettingsForm>(settings);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(saved), [form, saved]);
  const saving = fetcher.state !== "idle";

  useEffect(() => {
    const data = fetcher.data;
    if (!data || fetcher.state !== "idle") return;
    if ("errors" in data && data.errors) {
      setErrors(data.errors);
      shopify.toast.show("Fix the highlighted settings", { isError: true });
    } else if ("error" in data && data.error) {
      shopify.toast.show(data.error, { isError: true });
    } else if ("settings" in data && data.settings) {
      setSaved(data.settings);
      setForm(data.settings);
      setErrors({});
      if (data.mappingChanged && linkedPeople > 0) setOfferApply(true);
      shopify.toast.show("Settings saved");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);

  useEffect(() => {
    const data = applyFetcher.data;
    if (!data || applyFetcher.state !== "idle" || !("remapQueued" in data)) return;
    setOfferApply(false);
    shopify.toast.show(data.remapQueued ? "New mapping queued for everyone" : "Already queued");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [applyFetcher.data, applyFetcher.state]);
  const applyMapping = () => applyFetcher.submit({ intent: "apply-mapping" }, { method: "post", encType: "application/json" });

  const save = () => fetcher.submit(form as never, { method: "post", encType: "application/json" });
  const discard = () => {
    setForm(saved);
    setErrors({});
  };
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const setField = (name: keyof SettingsForm["fields"], value: string) => setForm((current) => ({ ...current, fields: { ...current.fields, [name]: value } }));
  const setRow = (list: "metafields" | "tags", index: number, part: string, value: string) =>
    setForm((current) => ({ ...current, [list]: current[list].map((entry, i) => (i === index ? { ...entry, [part]: value } : entry)) }));
  const sample = `${form.groupTagPrefix}Sales`;

  return (
    <Page>
      <TitleBar title="Settings" />
      <SaveBar id="settings-save-bar" open={dirty}>
        <button variant="primary" onClick={save} {...(saving ? { loading: "" } : {})}>
          Save
        </button>
        <button onClick={discard} {...(saving ? { disabled: true } : {})}>
          Discard
        </button>
      </SaveBar>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (dirty) save();
        }}
      >
        <Layout>
          {offerApply || remapPending ? (
            <Layout.Section>
              {remapPending && !offerApply ? (
                <Banner tone="info" title="Applying the new attribute mapping">
                  <p>Every provisioned person is queued for an update with the new mapping. Progress shows in the sync log.</p>
                </Banner>
              ) : (
                <Banner
                  tone="info"
                  title="The new mapping applies to changes from now on"
                  action={{ content: `Update ${plural(linkedPeople, "customer")} now`, onAction: applyMapping, loading: applyFetcher.state !== "idle" }}
                  onDismiss={() => setOfferApply(false)}
                >
                  <p>
                    {formatCount(linkedPeople)} provisioned {linkedPeople === 1 ? "customer keeps" : "customers keep"} the old values until their person's next change.
                    Update them now to apply the new fields, metafields and tags (paced by Shopify's rate limits; progress in the sync log).
                  </p>
                </Banner>
              )}
            </Layout.Section>
          ) : null}
          <Layout.AnnotatedSection
            id="deprovisioning"
            title="Deprovisioning"
            description="Shopify cannot disable a customer account, so the app marks customers instead; checkout and the theme block read the mark."
          >
            <BlockStack gap="400">
              <Policy
                title="When a person is deactivated"
                help="Okta, Entra, OneLogin and JumpCloud send active=false when someone is unassigned or disabled."
                options={DEACTIVATION_OPTIONS}
                value={form.deactivationPolicy}
                onChange={(value) => set("deactivationPolicy", value)}
              />
              <Policy
                title="When a person is deleted"
                help="A SCIM DELETE: Entra sends it when a soft-deleted user is purged (30 days later); Okta never does."
                options={DELETE_OPTIONS}
                value={form.deletePolicy}
                onChange={(value) => set("deletePolicy", value)}
              />
              <Policy
                title="When a linked customer is deleted in Shopify"
                help="Someone deleted, in Shopify, a customer the identity provider still manages."
                options={DELETED_CUSTOMER_OPTIONS}
                value={form.deletedCustomerPolicy}
                onChange={(value) => set("deletedCustomerPolicy", value)}
              />
              {errors["deactivationPolicy"] || errors["deletePolicy"] || errors["deletedCustomerPolicy"] ? (
                <Text as="p" tone="critical">
                  {errors["deactivationPolicy"] ?? errors["deletePolicy"] ?? errors["deletedCustomerPolicy"]}
                </Text>
              ) : null}
            </BlockStack>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection id="groups" title="Group tags" description="Each identity provider group a person belongs to becomes a tag on their customer.">
            <Card>
              <TextField
                label="Group tag prefix"
                value={form.groupTagPrefix}
                onChange={(value) => set("groupTagPrefix", value)}
                autoComplete="off"
                maxLength={40}
                error={errors["groupTagPrefix"]}
                helpText={`A member of the group "Sales" gets the tag "${sample}". Tags you add by hand are never removed.`}
              />
            </Card>
          </Layout.AnnotatedSection>

          <Layout.AnnotatedSection
            id="mapping"
            title="Attribute mapping"
            description={
              <span style={{ overflowWrap: "anywhere" }}>
                Which SCIM attribute fills each customer field: a path such as name.givenName, emails[primary].value or emails[type=work].value;
                enterprise attributes by their full name (urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department). Separate
                alternatives with |; the first with a value wins. Leave a field empty to leave it alone in Shopify.
              </span>
            }
          >
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Customer fields
                  </Text>
                  {MAPPED_FIELDS.map((field) => (
                    <TextField
                      key={field.name}
                      label={field.label}
                      value={form.fields[field.name]}
                      onChange={(value) => setField(field.name, value)}
                      autoComplete="off"
                      monospaced
                      placeholder="Not mapped"
                      error={errors[`fields.${field.name}`]}
                      helpText={`${field.helpText}${field.helpText ? " " : ""}Default: ${defaults.fields[field.name] || "not mapped"}`}
                    />
                  ))}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      Metafields
                    </Text>
                    <Text as="p" tone="subdued">
                      Copied into the app's customer metafields (namespace $app:scim), readable in Shopify Flow, the theme and other apps.
                    </Text>
                  </BlockStack>
                  <MappingRows
                    rowName="Metafield"
                    left={{ key: "key", heading: "Metafield key", fieldName: "key" }}
                    rows={form.metafields}
                    errors={errors}
                    errorPrefix="metafields"
                    onChange={(index, part, value) => setRow("metafields", index, part, value)}
                    onRemove={(index) => setForm((current) => ({ ...current, metafields: current.metafields.filter((_, i) => i !== index) }))}
                  />
                  <InlineStack gap="200">
                    <Button
                      disabled={form.metafields.length >= MAX_METAFIELDS}
                      onClick={() => setForm((current) => ({ ...current, metafields: [...current.metafields, { key: "", path: "" }] }))}
                    >
                      Add metafield
                    </Button>
                    <Button
                      variant="plain"
                      onClick={() => setForm((current) => ({ ...current, fields: { ...defaults.fields }, metafields: [...defaults.metafields], tags: [...defaults.tags] }))}
                    >
                      Reset mapping to defaults
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      Tags
                    </Text>
                    <Text as="p" tone="subdued">
                      Each value becomes a customer tag (prefix + value) that collections, discounts, Flow and B2B catalogs can use. A multi-valued
                      attribute such as roles.value gives one tag per value. When a value changes, its old tag is removed; tags you add by hand stay.
                    </Text>
                  </BlockStack>
                  <MappingRows
                    rowName="Tag rule"
                    left={{
                      key: "prefix",
                      heading: "Tag prefix",
                      fieldName: "prefix",
                      placeholder: "No prefix",
                      maxLength: MAX_TAG_PREFIX,
                      helpText: (row) => (row.path ? `e.g. "${sampleTag(row.prefix, row.path)}"` : undefined),
                    }}
                    rows={form.tags}
                    errors={errors}
                    errorPrefix="tags"
                    empty="No tag rules: people get only the app's own tags and their group tags."
                    onChange={(index, part, value) => setRow("tags", index, part, value)}
                    onRemove={(index) => setForm((current) => ({ ...current, tags: current.tags.filter((_, i) => i !== index) }))}
                  />
                  <InlineStack>
                    <Button
                      disabled={form.tags.length >= MAX_TAG_RULES}
                      onClick={() =>
                        setForm((current) => ({
                          ...current,
                          tags: [...current.tags, { prefix: "department:", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department" }],
                        }))
                      }
                    >
                      Add tag rule
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
              <BlockStack gap="200">
                <Text as="p" variant="bodySm" tone="subdued">
                  New settings apply to every change the app delivers from now on. To rewrite the customers already provisioned with the saved
                  mapping at once (paced by Shopify's rate limits; progress in the sync log):
                </Text>
                <InlineStack>
                  <Button onClick={applyMapping} loading={applyFetcher.state !== "idle"} disabled={linkedPeople === 0 || remapPending || dirty}>
                    {remapPending ? "Update queued" : `Update all ${plural(linkedPeople, "customer")} now`}
                  </Button>
                </InlineStack>
              </BlockStack>
            </BlockStack>
          </Layout.AnnotatedSection>
        </Layout>
      </form>
    </Page>
  );
}
