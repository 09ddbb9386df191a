// The embed's output placed where Shopify puts it (in a block element just before </body>) in a
// small theme page, loaded in Chromium (Debian's, as for the end-to-end tests; no download). This
// checks what string matching cannot: that the theme's content is really hidden, where focus
// lands, and that the text is readable. Requests never leave the browser: page.route answers them.
import { chromium, type Browser, type Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import markers from "../../deprovisioning-markers.json";
import { activeMetafield, renderEmbed, ROUTES } from "./render";

const ORIGIN = "http://shop.test";

function themePage(embed: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Staff store</title></head>
  <body>
    <header id="theme-header"><a href="/">Staff store</a> <a href="/collections/all">Catalog</a></header>
    <main id="theme-main"><h1>New arrivals</h1><button type="button">Add to cart</button></main>
    <footer id="theme-footer"><a href="/policies/privacy-policy">Privacy</a></footer>
    <div id="shopify-block-embed" class="shopify-block shopify-app-block">${embed}</div>
  </body>
</html>`;
}

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the theme page with the given embed output; other paths answer with a stub page. */
async function open(embed: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === ORIGIN && url.pathname === "/") {
      return route.fulfill({ contentType: "text/html", body: themePage(embed) });
    }
    return route.fulfill({ contentType: "text/html", body: `<!doctype html><title>stub</title><p id="stub">${url.pathname}</p>` });
  });
  await page.goto(`${ORIGIN}/`);
  return page;
}

/** WCAG contrast ratio between an element's text colour and the first opaque background behind it. */
function contrastOf(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (element) => {
    const channels = (color: string) => color.match(/[\d.]+/g)!.map(Number);
    const luminance = (color: string) => {
      const [r, g, b] = channels(color).slice(0, 3).map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let background = "rgb(255, 255, 255)";
    for (let node: Element | null = element; node; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (channels(color)[3] !== 0) {
        background = color;
        break;
      }
    }
    const [light, dark] = [luminance(getComputedStyle(element).color), luminance(background)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  });
}

describe("deprovisioning embed in a browser", () => {
  it("hides the store from a deactivated customer and puts focus on the explanation", async () => {
    const embed = await renderEmbed({
      customer: { tags: [markers.deactivatedTag], metafields: [activeMetafield(markers.activeMetafield.deactivatedValue)] },
    });
    const page = await open(embed);
    try {
      for (const themePart of ["#theme-header", "#theme-main", "#theme-footer"]) {
        expect(await page.isVisible(themePart), themePart).toBe(false);
      }
      expect(await page.isVisible("#scim-deactivated")).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("scim-deactivated-title");

      // The hidden theme is out of the tab order: tabbing round the page only ever reaches the
      // logout link (and the document itself between rounds).
      const reached = new Set<string | null>();
      for (let press = 0; press < 6; press++) {
        await page.keyboard.press("Tab");
        reached.add(await page.evaluate(() => document.activeElement?.getAttribute("href") ?? null));
      }
      expect([...reached].filter(Boolean)).toEqual([ROUTES.account_logout_url]);

      // WCAG AAA for normal text is 7:1.
      for (const text of ["#scim-deactivated-title", "#scim-deactivated-body", "#scim-deactivated a"]) {
        expect(await contrastOf(page, text), text).toBeGreaterThanOrEqual(7);
      }
    } finally {
      await page.close();
    }
  });

  it("leaves the store alone for an active customer", async () => {
    const page = await open(
      await renderEmbed({ customer: { tags: [markers.provisionedTag], metafields: [activeMetafield(markers.activeMetafield.activeValue)] } }),
    );
    try {
      expect(await page.isVisible("#theme-main")).toBe(true);
    } finally {
      await page.close();
    }
  });

  it("sends a signed-out visitor to the login page when the store requires login", async () => {
    const page = await open(await renderEmbed({ requireLogin: true }));
    try {
      const login = new URL(ROUTES.account_login_url, ORIGIN);
      await page.waitForURL((url) => url.pathname === login.pathname && url.search === login.search);
      expect(await page.textContent("#stub")).toBe(login.pathname);
    } finally {
      await page.close();
    }
  });
});
