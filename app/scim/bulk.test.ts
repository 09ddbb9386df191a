import { describe, expect, it } from "vitest";
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA, parseBulkRequest, runBulk, type BulkExecution, type BulkOutcome } from "./bulk";
import { ScimError } from "./errors";
import { catchScimError } from "./test-support";

const limits = { maxOperations: 10, maxPayloadSize: 1_048_576 };
const request = (Operations: unknown[], extra: Record<string, unknown> = {}) => ({ schemas: [BULK_REQUEST_SCHEMA], Operations, ...extra });

/** A fake executor: POST creates ids n1, n2…; the calls are recorded. */
function fakeStore(fail: (op: BulkExecution) => BulkOutcome | undefined = () => undefined) {
  const calls: BulkExecution[] = [];
  let n = 0;
  const execute = async (op: BulkExecution): Promise<BulkOutcome> => {
    calls.push(op);
    const failed = fail(op);
    if (failed) return failed;
    if (op.method === "POST") {
      const id = `n${++n}`;
      return { status: 201, id, location: `https://x/scim/v2${op.path}/${id}`, version: 'W/"1"' };
    }
    if (op.method === "DELETE") return { status: 204, location: `https://x/scim/v2${op.path}` };
    return { status: 200, location: `https://x/scim/v2${op.path}`, version: 'W/"2"' };
  };
  return { calls, execute };
}

describe("parseBulkRequest", () => {
  it("#8 enforces maxOperations and maxPayloadSize with 413", () => {
    const eleven = Array.from({ length: 11 }, () => ({ method: "DELETE", path: "/Users/x" }));
    expect(catchScimError(() => parseBulkRequest(request(eleven), limits)).status).toBe(413);
    expect(catchScimError(() => parseBulkRequest(request([]), limits, 2_000_000)).status).toBe(413);
  });

  it("validates each operation", () => {
    const cases: unknown[] = [
      "x",
      { schemas: ["urn:x"], Operations: [] },
      request([{ method: "GET", path: "/Users" }]),
      request([{ method: "POST", path: "/Users", data: {} }]), // POST without bulkId
      request([{ method: "POST", path: "Users", bulkId: "a", data: {} }]),
      request([{ method: "PUT", path: "/Users/1" }]), // no data
      request([
        { method: "POST", path: "/Users", bulkId: "a", data: {} },
        { method: "POST", path: "/Users", bulkId: "a", data: {} },
      ]),
    ];
    for (const body of cases) expect(catchScimError(() => parseBulkRequest(body, limits)).scimType).toBe("invalidSyntax");
    expect(catchScimError(() => parseBulkRequest(request([], { failOnErrors: 0 }), limits)).scimType).toBe("invalidValue");
  });

  it("normalises method case and keeps version and data", () => {
    const parsed = parseBulkRequest(
      request([{ method: "patch", path: "/Groups/g1", version: 'W/"3"', data: { Operations: [] } }], { failOnErrors: 1 }),
      limits,
    );
    expect(parsed).toEqual({ failOnErrors: 1, operations: [{ method: "PATCH", path: "/Groups/g1", version: 'W/"3"', data: { Operations: [] }, index: 1 }] });
  });
});

describe("runBulk", () => {
  it("resolves bulkId references in paths and in data (group members), in request order", async () => {
    const store = fakeStore();
    const parsed = parseBulkRequest(
      request([
        { method: "POST", path: "/Users", bulkId: "qwerty", data: { userName: "alice" } },
        { method: "POST", path: "/Groups", bulkId: "ytrewq", data: { displayName: "G", members: [{ type: "User", value: "bulkId:qwerty" }] } },
        { method: "PATCH", path: "/Groups/bulkId:ytrewq", data: { Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:qwerty" }] }] } },
      ]),
      limits,
    );
    const response = await runBulk(parsed, store.execute);
    expect(store.calls.map((c) => c.path)).toEqual(["/Users", "/Groups", "/Groups/n2"]);
    expect(store.calls[1]!.data).toEqual({ displayName: "G", members: [{ type: "User", value: "n1" }] });
    expect(store.calls[2]!.data).toEqual({ Operations: [{ op: "add", path: "members", value: [{ value: "n1" }] }] });
    expect(response).toEqual({
      schemas: [BULK_RESPONSE_SCHEMA],
      Operations: [
        { method: "POST", bulkId: "qwerty", status: "201", location: "https://x/scim/v2/Users/n1", version: 'W/"1"' },
        { method: "POST", bulkId: "ytrewq", status: "201", location: "https://x/scim/v2/Groups/n2", version: 'W/"1"' },
        { method: "PATCH", status: "200", location: "https://x/scim/v2/Groups/n2", version: 'W/"2"' },
      ],
    });
  });

  it("runs a referenced POST first when an earlier operation needs it", async () => {
    const store = fakeStore();
    const parsed = parseBulkRequest(
      request([
        { method: "POST", path: "/Groups", bulkId: "g", data: { displayName: "G", members: [{ value: "bulkId:u" }] } },
        { method: "POST", path: "/Users", bulkId: "u", data: { userName: "alice" } },
      ]),
      limits,
    );
    const response = await runBulk(parsed, store.execute);
    expect(store.calls.map((c) => c.path)).toEqual(["/Users", "/Groups"]);
    expect(response.Operations.map((o) => o.bulkId)).toEqual(["g", "u"]); // request order
  });

  it("a circular reference fails the operations of the cycle with 409", async () => {
    const store = fakeStore();
    const parsed = parseBulkRequest(
      request([
        { method: "POST", path: "/Groups", bulkId: "a", data: { displayName: "A", members: [{ value: "bulkId:b" }] } },
        { method: "POST", path: "/Groups", bulkId: "b", data: { displayName: "B", members: [{ value: "bulkId:a" }] } },
        { method: "POST", path: "/Users", bulkId: "c", data: { userName: "ok" } },
      ]),
      limits,
    );
    const response = await runBulk(parsed, store.execute);
    expect(store.calls.map((c) => c.path)).toEqual(["/Users"]);
    expect(response.Operations.map((o) => o.status)).toEqual(["409", "409", "201"]);
    expect((response.Operations[1]!.response as { detail: string }).detail).toMatch(/Circular/);
  });

  it("an unknown or failed bulkId reference is 409", async () => {
    const store = fakeStore((op) =>
      op.method === "POST" && (op.data as { userName?: string }).userName === "dup"
        ? { status: 409, response: new ScimError(409, "uniqueness", "taken").toJSON() }
        : undefined,
    );
    const parsed = parseBulkRequest(
      request([
        { method: "POST", path: "/Users", bulkId: "u", data: { userName: "dup" } },
        { method: "PATCH", path: "/Groups/g1", data: { Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:u" }] }] } },
        { method: "DELETE", path: "/Users/bulkId:nowhere" },
      ]),
      limits,
    );
    const response = await runBulk(parsed, store.execute);
    expect(response.Operations.map((o) => o.status)).toEqual(["409", "409", "409"]);
    expect(store.calls).toHaveLength(1);
  });

  it("failOnErrors stops after that many errors; later operations are left out", async () => {
    const store = fakeStore((op) => (op.method === "DELETE" ? { status: 404, response: new ScimError(404, undefined, "gone").toJSON() } : undefined));
    const parsed = parseBulkRequest(
      request(
        [
          { method: "DELETE", path: "/Users/a" },
          { method: "DELETE", path: "/Users/b" },
          { method: "POST", path: "/Users", bulkId: "x", data: { userName: "never" } },
        ],
        { failOnErrors: 2 },
      ),
      limits,
    );
    const response = await runBulk(parsed, store.execute);
    expect(response.Operations.map((o) => o.status)).toEqual(["404", "404"]);
    expect(store.calls).toHaveLength(2);
  });

  it("executor exceptions become per-operation errors; internals do not leak", async () => {
    const parsed = parseBulkRequest(
      request([
        { method: "DELETE", path: "/Users/a" },
        { method: "DELETE", path: "/Users/b" },
      ]),
      limits,
    );
    const response = await runBulk(parsed, async (op) => {
      if (op.path.endsWith("/a")) throw new ScimError(404, undefined, "User a not found");
      throw new Error("connection refused to db.internal:5432");
    });
    expect(response.Operations[0]).toEqual({
      method: "DELETE",
      status: "404",
      response: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404", detail: "User a not found" },
    });
    expect(response.Operations[1]!.status).toBe("500");
    expect(JSON.stringify(response)).not.toContain("db.internal");
  });
});
