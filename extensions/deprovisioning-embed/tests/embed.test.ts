import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import markers from "../../deprovisioning-markers.json";
import { activeMetafield, blockSource, EMBED_DIR, readSchema, renderEmbed, ROUTES, type CustomerFixture } from "./render";

const deactivatedByMetafield: CustomerFixture = {
  tags: [markers.provisionedTag, markers.deactivatedTag],
  metafields: [activeMetafield(markers.activeMetafield.deactivatedValue)],
};
// The metafield definition lacks storefront access (or the metafield is not written yet).
const deactivatedByTagOnly: CustomerFixture = { tags: [markers.provisionedTag, markers.deactivatedTag] };
const deactivatedByMetafieldOnly: CustomerFixture = {
  tags: [markers.provisionedTag],
  metafields: [activeMetafield(markers.activeMetafield.deactivatedValue)],
};
const active: CustomerFixture = {
  tags: [markers.provisionedTag, "VIP"],
  metafields: [activeMetafield(markers.activeMetafield.activeValue)],
};
const withoutMarkers: CustomerFixture = { tags: ["newsletter"] };

// The login URL as the block writes it into an HTML attribute.
const escapedLoginUrl = ROUTES.account_login_url.replace(/&/g, "&amp;");
const escapedLogoutUrl = ROUTES.account_logout_url.replace(/&/g, "&amp;");

function expectPanel(html: string) {
  expect(html).toContain('id="scim-deactivated"');
  expect(html).toContain('role="alertdialog"');
  expect(html).toContain("Your access has been deactivated");
  expect(html).toContain(`href="${escapedLogoutUrl}"`);
  // Hides the theme's content, keeping only the element that holds the panel.
  expect(html).toContain("body > :not(:has(#scim-deactivated)) { display: none !important; }");
  expect(html).not.toContain("http-equiv");
}

describe("deprovisioning embed: deactivated customers", () => {
  it.each([
    ["both markers", deactivatedByMetafield],
    ["the tag only", deactivatedByTagOnly],
    ["the metafield only", deactivatedByMetafieldOnly],
  ])("shows the deactivated panel for a customer marked by %s", async (_, customer) => {
    expectPanel(await renderEmbed({ customer }));
  });

  it("shows the panel on account pages too, where the logout link is what they need", async () => {
    expectPanel(await renderEmbed({ customer: deactivatedByTagOnly, pageType: "customers/account" }));
  });

  it("shows the panel whatever the require-login setting", async () => {
    expectPanel(await renderEmbed({ customer: deactivatedByMetafield, requireLogin: true }));
  });
});

describe("deprovisioning embed: everyone else", () => {
  it.each([
    ["an active SCIM customer", active],
    ["a customer without SCIM markers", withoutMarkers],
  ])("adds nothing for %s", async (_, customer) => {
    expect((await renderEmbed({ customer })).trim()).toBe("");
    expect((await renderEmbed({ customer, requireLogin: true })).trim()).toBe("");
  });

  it("adds nothing for a signed-out visitor when require-login is off", async () => {
    expect((await renderEmbed({ requireLogin: false })).trim()).toBe("");
  });
});

describe("deprovisioning embed: require login", () => {
  it.each(["index", "product", "collection", "cart", "search", "page"])(
    "sends a signed-out visitor on a %s page to the login page",
    async (pageType) => {
      const html = await renderEmbed({ requireLogin: true, pageType });
      expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${escapedLoginUrl}">`);
      expect(html).toContain(`<a href="${escapedLoginUrl}">Log in to continue</a>`);
      expect(html).not.toContain("scim-deactivated");
    },
  );

  it.each([
    "customers/login",
    "customers/register",
    "customers/account",
    "customers/activate_account",
    "customers/reset_password",
    "captcha",
    "password",
    "policy",
  ])("leaves the %s page open", async (pageType) => {
    expect((await renderEmbed({ requireLogin: true, pageType })).trim()).toBe("");
  });

  it("does not redirect the theme editor's preview, and tells the merchant why", async () => {
    const html = await renderEmbed({ requireLogin: true, designMode: true });
    expect(html).not.toContain("http-equiv");
    expect(html).toContain('id="scim-login-required-notice"');
    expect(html).toContain("Require login is on");
  });
});

describe("deprovisioning embed: theme app extension rules", () => {
  const source = blockSource();

  it("is an app embed block on body, with the setting the Liquid reads", () => {
    const schema = readSchema(source);
    expect(schema.target).toBe("body");
    expect(schema.settings.map((setting) => setting.id)).toEqual(["require_login"]);
    expect(schema.settings[0]).toMatchObject({ type: "checkbox", default: false });
    for (const setting of schema.settings) expect(source).toContain(`block.settings.${setting.id}`);
  });

  it("names every editor string in the schema locale file, with a name short enough for the editor", () => {
    const schema = readSchema(source);
    const locale = JSON.parse(fs.readFileSync(path.join(EMBED_DIR, "locales/en.default.schema.json"), "utf8"));
    const translate = (value: string) => {
      expect(value).toMatch(/^t:/);
      const text = value.slice(2).split(".").reduce((node, part) => node?.[part], locale);
      expect(text, value).toEqual(expect.any(String));
      return text as string;
    };
    // Shopify: keep app block and app embed names under 25 characters.
    expect(translate(schema.name).length).toBeLessThan(25);
    for (const setting of schema.settings) {
      translate(setting.label);
      if (setting.info) translate(setting.info);
    }
  });

  it("renders every storefront string from the locale file", async () => {
    const outputs = await Promise.all([
      renderEmbed({ customer: deactivatedByMetafield }),
      renderEmbed({ requireLogin: true }),
      renderEmbed({ requireLogin: true, designMode: true }),
    ]);
    for (const html of outputs) expect(html).not.toContain("translation missing");
  });

  it("uses no tag Shopify forbids in app blocks, and no script at all", () => {
    // Shopify's theme-check AppBlockValidTags, run by `shopify app build`.
    for (const tag of ["javascript", "stylesheet", "include", "layout", "section", "sections"]) {
      expect(source).not.toMatch(new RegExp(`{%-?\\s*${tag}\\b`));
    }
    expect(source).not.toMatch(/<script/i);
  });

  it("stays within Shopify's theme app extension size limits", () => {
    // 100 KB of Liquid across the extension, 15 KB per locale file.
    expect(Buffer.byteLength(source)).toBeLessThan(100 * 1024);
    for (const file of fs.readdirSync(path.join(EMBED_DIR, "locales"))) {
      expect(fs.statSync(path.join(EMBED_DIR, "locales", file)).size).toBeLessThan(15 * 1024);
    }
  });
});
