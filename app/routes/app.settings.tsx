import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, Card, ChoiceList, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { invalid, requireAdmin } from "~/admin/session.server";
import { DEFAULT_MAPPING_FORM, saveSettings, settingsOf, type SettingsErrors, type SettingsForm } from "~/admin/settings.server";
import { DEACTIVATION_OPTIONS, DELETED_CUSTOMER_OPTIONS, DELETE_OPTIONS, MAPPED_FIELDS, MAX_METAFIELDS, type PolicyOption } from "~/admin/settings-options";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  return { settings: settingsOf(shop), defaults: DEFAULT_MAPPING_FORM };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return invalid("Send the settings as JSON.");
  }
  const result = await saveSettings(shop.id, body);
  if (!result.ok) return Response.json({ errors: result.errors }, { status: 400 });
  return { settings: result.settings };
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

export default function Settings() {
  const { settings, defaults } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const fetcher = useFetcher<typeof action>();
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
      shopify.toast.show("Settings saved");
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);

  const save = () => fetcher.submit(form as never, { method: "post", encType: "application/json" });
  const discard = () => {
    setForm(saved);
    setErrors({});
  };
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const setField = (name: keyof SettingsForm["fields"], value: string) => setForm((current) => ({ ...current, fields: { ...current.fields, [name]: value } }));
  const setMetafield = (index: number, part: "key" | "path", value: string) =>
    setForm((current) => ({ ...current, metafields: current.metafields.map((entry, i) => (i === index ? { ...entry, [part]: value } : entry)) }));
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
                  {form.metafields.length > 0 ? (
                    <InlineGrid columns={{ xs: 1, sm: ["oneThird", "twoThirds"] }} gap="200">
                      <Text as="span" variant="bodySm" fontWeight="semibold">
                        Metafield key
                      </Text>
                      <Text as="span" variant="bodySm" fontWeight="semibold">
                        SCIM attribute
                      </Text>
                    </InlineGrid>
                  ) : null}
                  {form.metafields.map((entry, index) => (
                    <InlineGrid key={index} columns={{ xs: 1, sm: ["oneThird", "twoThirds"] }} gap="200">
                      <TextField
                        label={`Metafield ${index + 1} key`}
                        labelHidden
                        value={entry.key}
                        onChange={(value) => setMetafield(index, "key", value)}
                        autoComplete="off"
                        monospaced
                        error={errors[`metafields.${index}.key`]}
                      />
                      <InlineStack gap="200" wrap={false} blockAlign="end">
                        <Box width="100%">
                          <TextField
                            label={`Metafield ${index + 1} SCIM attribute`}
                            labelHidden
                            value={entry.path}
                            onChange={(value) => setMetafield(index, "path", value)}
                            autoComplete="off"
                            monospaced
                            error={errors[`metafields.${index}.path`]}
                          />
                        </Box>
                        <Button
                          accessibilityLabel={`Remove metafield ${entry.key || index + 1}`}
                          onClick={() => setForm((current) => ({ ...current, metafields: current.metafields.filter((_, i) => i !== index) }))}
                        >
                          Remove
                        </Button>
                      </InlineStack>
                    </InlineGrid>
                  ))}
                  {errors["metafields"] ? (
                    <Text as="p" tone="critical">
                      {errors["metafields"]}
                    </Text>
                  ) : null}
                  <InlineStack gap="200">
                    <Button
                      disabled={form.metafields.length >= MAX_METAFIELDS}
                      onClick={() => setForm((current) => ({ ...current, metafields: [...current.metafields, { key: "", path: "" }] }))}
                    >
                      Add metafield
                    </Button>
                    <Button variant="plain" onClick={() => setForm((current) => ({ ...current, fields: { ...defaults.fields }, metafields: [...defaults.metafields] }))}>
                      Reset mapping to defaults
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
              <Text as="p" variant="bodySm" tone="subdued">
                New settings apply to every change the app delivers from now on; customers already in sync pick them up with their person's next
                change.
              </Text>
            </BlockStack>
          </Layout.AnnotatedSection>
        </Layout>
      </form>
    </Page>
  );
}
