// Demo and tests only: a stand-in for Shopify's App Bridge script (cdn.shopify.com cannot be
// reached here). It does what App Bridge does for an embedded app page: hands out session tokens
// (minted by the Shopify twin, as the real admin mints them), adds them to the app's own fetch
// calls, answers the session-token bounce page, and shows toasts. 404 unless the twin is configured.
import { env } from "~/env.server";
import { appBridgeTwinScopesApi } from "~/shopify-admin/app-bridge-twin-scopes.server";

export const APP_BRIDGE_TWIN_PATH = "/app-bridge-twin.js";

export async function loader() {
  if (!env.SHOPIFY_ADMIN_TWIN_URL) return new Response("Not found", { status: 404 });
  const script = appBridgeTwinScript(new URL(env.SHOPIFY_ADMIN_TWIN_URL).origin);
  return new Response(script, {
    headers: { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function appBridgeTwinScript(twinOrigin: string): string {
  return `(() => {
  const twinOrigin = ${JSON.stringify(twinOrigin)};
  const script = document.currentScript;
  const params = new URLSearchParams(location.search);
  const store = window.sessionStorage;
  if (params.get("shop")) store.setItem("twin:shop", params.get("shop"));
  if (params.get("host")) store.setItem("twin:host", params.get("host"));
  if (params.get("id_token")) store.setItem("twin:idToken", params.get("id_token"));
  const shop = store.getItem("twin:shop");

  function expiresAt(token) {
    try { return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp * 1000; } catch { return 0; }
  }
  async function idToken() {
    const cached = store.getItem("twin:idToken");
    if (cached && expiresAt(cached) - Date.now() > 10000) return cached;
    const response = await fetch(twinOrigin + "/__twin/shops/" + encodeURIComponent(shop) + "/session-token", { method: "POST" });
    if (!response.ok) throw new Error("The Shopify twin did not issue a session token (" + response.status + ")");
    const { idToken: token } = await response.json();
    store.setItem("twin:idToken", token);
    return token;
  }

  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return nativeFetch(input, { ...init, headers });
  };

  function toastShow(message, options = {}) {
    const toast = document.createElement("div");
    toast.setAttribute("role", "status");
    toast.dataset.appBridgeToast = options.isError ? "error" : "info";
    toast.textContent = message;
    toast.style.cssText = "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:10000;padding:12px 16px;border-radius:8px;font:14px system-ui;color:#fff;background:" + (options.isError ? "#8e1f0b" : "#303030");
    document.body.appendChild(toast);
    setTimeout(() => toast.remove(), options.duration ?? 5000);
    return "toast-" + Date.now();
  }

  window.shopify = {
    config: { apiKey: script?.dataset.apiKey ?? "", shop, host: store.getItem("twin:host"), locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: { show: toastShow, hide() {} },
    loading() {},
    saveBar: { show: async () => {}, hide: async () => {}, toggle: async () => {}, leaveConfirmation: async () => {} },
    modal: { show: async () => {}, hide: async () => {}, toggle: async () => {} },
  };
  // shopify.scopes: query, request (a permission grant modal) and revoke, backed by the twin.
  window.shopify.scopes = ${appBridgeTwinScopesApi()};

  // App Bridge moves these into the admin's own chrome (navigation, title bar); in a plain
  // browser there is no admin around the page, so they render nothing.
  for (const name of ["ui-nav-menu", "ui-title-bar", "ui-save-bar", "ui-modal"]) {
    if (!customElements.get(name)) {
      customElements.define(name, class extends HTMLElement { connectedCallback() { this.style.display = "none"; } });
    }
  }

  // The library's session-token bounce page: fetch a fresh token and go back where we were.
  const reload = params.get("shopify-reload");
  if (reload) {
    idToken().then((token) => {
      const target = new URL(reload, location.href);
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
  }
})();
`;
}
