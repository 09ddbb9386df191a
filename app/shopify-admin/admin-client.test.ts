// AdminClients: one session load per shop however many callers wait (single flight), a 401
// reloads the session once before the shop counts as lost, and answers are classified into
// retryable, permanent and access-lost failures. No network: the library's own error classes.
import { GraphqlQueryError, HttpResponseError, HttpRequestError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { AdminClients, ShopAccessError, ShopifyRequestError, type OfflineAdmin } from "./admin-client.server";

const cost = { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 } };
const DOC = "query ScimTest { shop { id } }";

function adminAnswering(answer: () => Promise<Response>): OfflineAdmin {
  return { admin: { graphql: () => answer() }, session: { expires: new Date(Date.now() + 3_600_000) } };
}

describe("AdminClients", () => {
  it("loads a shop's session once for concurrent callers and reports cost", async () => {
    let loads = 0;
    const clients = new AdminClients(async () => {
      loads++;
      await new Promise((resolve) => setImmediate(resolve));
      return adminAnswering(async () => new Response(JSON.stringify({ data: { ok: true }, extensions: { cost } })));
    });
    const costs: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 5 }, () => clients.request<{ ok: boolean }>("a.myshopify.com", DOC, {}, { timeoutMs: 1000, onCost: (c) => costs.push(c.requestedQueryCost) })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(loads).toBe(1);
    expect(costs).toEqual([10, 10, 10, 10, 10]);
  });

  it("reloads the session after a 401 once, then parks the shop", async () => {
    let loads = 0;
    const unauthorized = () => Promise.reject(new HttpResponseError({ message: "401", code: 401, statusText: "Unauthorized", body: {}, headers: {} }));
    const clients = new AdminClients(async () => {
      loads++;
      return adminAnswering(unauthorized);
    });
    await expect(clients.request("b.myshopify.com", DOC, {}, { timeoutMs: 1000 })).rejects.toBeInstanceOf(ShopAccessError);
    expect(loads).toBe(2);
  });

  it("parks the shop when no session is stored", async () => {
    class SessionNotFoundError extends Error {}
    const clients = new AdminClients(async () => {
      throw new SessionNotFoundError("no session");
    });
    await expect(clients.request("c.myshopify.com", DOC, {}, { timeoutMs: 1000 })).rejects.toThrow(/Open the app from the Shopify admin/);
  });

  it("classifies THROTTLED, 5xx, dropped connections, timeouts and invalid documents", async () => {
    const cases: Array<[() => Promise<Response>, string, boolean]> = [
      [
        () => Promise.reject(new GraphqlQueryError({ message: "Throttled", response: {} as never, body: { errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }, extensions: { cost } } as never })),
        "throttled",
        true,
      ],
      [() => Promise.reject(new HttpResponseError({ message: "503", code: 503, statusText: "", body: {}, headers: {} })), "server", true],
      [() => Promise.reject(new HttpRequestError("Http request error, no response available: socket hang up")), "network", true],
      [() => new Promise<Response>((_resolve, reject) => setTimeout(() => reject(new HttpRequestError("aborted")), 50)), "timeout", true],
      [
        () => Promise.reject(new GraphqlQueryError({ message: "bad", response: {} as never, body: { errors: { graphQLErrors: [{ message: "Field 'nope' doesn't exist on type 'Shop'" }] } } as never })),
        "graphql",
        false,
      ],
    ];
    for (const [answer, kind, retryable] of cases) {
      const clients = new AdminClients(async () => adminAnswering(answer));
      const error = await clients.request("d.myshopify.com", DOC, {}, { timeoutMs: kind === "timeout" ? 10 : 1000 }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ShopifyRequestError);
      expect(error).toMatchObject({ kind, retryable });
    }
  });
});
