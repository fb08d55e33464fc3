import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getKv, putKv } from "../kv/kv-store";
import { runFlow } from "../testing/run-flow";
import { State } from "../states/states";
import { useTestExecutor } from "../testing/test-executor";

// kv.Put on the real engine and a real SQLite store: Kestra's documented flows as written, each
// merge rule, errorOnMissing, the kept expiry, and the refusals (reach, caps, malformed entries).
const t = useTestExecutor({ OSPREY_MAX_KV_VALUE_BYTES: "2000" });
const DOCS = join(__dirname, "../../examples/kestra-docs/kestra");
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Ran = Awaited<ReturnType<typeof run>>;
const errorOf = (ran: Ran, taskId: string) =>
  (ran.execution.taskRuns as { taskId: string; error: string | null }[]).find((r) => r.taskId === taskId)?.error;
const caps = () => t.deps.config;
const seed = (namespace: string, key: string, value: unknown, ttlMs?: number) =>
  putKv(t.deps.db, { namespace, key, type: "JSON", value, ttlMs }, caps());
const put = (id: string, namespace: string, body: string) => `id: ${id}
namespace: ${namespace}
tasks:
  - id: put
    type: io.kestra.plugin.core.kv.Put
${body
  .trim()
  .split("\n")
  .map((l) => `    ${l}`)
  .join("\n")}
`;

describe("kv.Put", () => {
  it("runs Kestra's documented flows as written: a string replaced, then JSON keys inserted and updated", async () => {
    await putKv(t.deps.db, { namespace: "company.team", key: "my-string-key", type: "STRING", value: "old" }, caps());
    const one = await run(readFileSync(join(DOCS, "Put-1.yaml"), "utf8"));
    expect(one.execution.state).toBe(State.SUCCESS);
    expect(await getKv(t.deps.db, "company.team", "my-string-key")).toMatchObject({
      type: "STRING",
      value: "new-value",
    });

    await seed("company.team", "my-json-key", { "json-key-1": "old", nested: { other: true, field: 1 }, kept: [1] });
    const two = await run(readFileSync(join(DOCS, "Put-2.yaml"), "utf8"));
    expect(two.execution.state).toBe(State.SUCCESS);
    expect(await getKv(t.deps.db, "company.team", "my-json-key")).toMatchObject({
      type: "JSON",
      value: { "json-key-1": "my new value", nested: { other: true, field: 123 }, kept: [1] },
    });
  });

  it("creates a missing key: keyed entries become nested JSON, a value is stored as it is", async () => {
    const ran = await run(`id: put-create
namespace: it.put.create
tasks:
  - id: entries
    type: io.kestra.plugin.core.kv.Put
    key: fresh
    value:
      - {key: a.b.c, value: 1}
      - {key: a.d, value: "{{ flow.id }}"}
  - id: number
    type: io.kestra.plugin.core.kv.Put
    key: count
    value: 42
`);
    expect(ran.execution.state).toBe(State.SUCCESS);
    expect((await getKv(t.deps.db, "it.put.create", "fresh"))?.value).toEqual({ a: { b: { c: 1 }, d: "put-create" } });
    expect(await getKv(t.deps.db, "it.put.create", "count")).toMatchObject({ type: "NUMBER", value: 42 });
  });

  it("deep-merges a map (nulls keep, lists gain what they lack); `[{value}]` and a plain list replace", async () => {
    await seed("it.put.merge", "m", { a: { x: 1, y: 2 }, tags: ["p", "q"], keep: "k" });
    await seed("it.put.merge", "r", { old: true });
    await seed("it.put.merge", "l", { old: true });
    const ran = await run(`id: put-merge
namespace: it.put.merge
tasks:
  - id: merge
    type: io.kestra.plugin.core.kv.Put
    key: m
    value: {a: {y: 3, z: 4}, tags: [q, r], keep: null}
  - id: replace
    type: io.kestra.plugin.core.kv.Put
    key: r
    value: [{value: [1, 2]}]
  - id: list
    type: io.kestra.plugin.core.kv.Put
    key: l
    value: [{other: 1}]
`);
    expect(ran.execution.state).toBe(State.SUCCESS);
    expect((await getKv(t.deps.db, "it.put.merge", "m"))?.value).toEqual({
      a: { x: 1, y: 3, z: 4 },
      tags: ["p", "q", "r"],
      keep: "k",
    });
    expect((await getKv(t.deps.db, "it.put.merge", "r"))?.value).toEqual([1, 2]);
    expect((await getKv(t.deps.db, "it.put.merge", "l"))?.value).toEqual([{ other: 1 }]);
  });

  it("keeps the stored expiry", async () => {
    await seed("it.put.ttl", "t", { a: 1 }, 3_600_000);
    const before = (await getKv(t.deps.db, "it.put.ttl", "t"))?.expiresAt;
    const ran = await run(put("put-ttl", "it.put.ttl", "key: t\nvalue: {b: 2}"));
    expect(ran.execution.state).toBe(State.SUCCESS);
    const after = await getKv(t.deps.db, "it.put.ttl", "t");
    expect(after?.value).toEqual({ a: 1, b: 2 });
    expect(after?.expiresAt?.getTime()).toBe(before?.getTime());
  });

  it("errorOnMissing fails with Kestra's message and writes nothing", async () => {
    const ran = await run(put("put-missing", "it.put.missing", "key: absent\nvalue: x\nerrorOnMissing: true"));
    expect(ran.execution.state).toBe(State.FAILED);
    expect(errorOf(ran, "put")).toBe(
      "No value found for key 'absent' in namespace 'it.put.missing' and `errorOnMissing` is set to true",
    );
    expect(await getKv(t.deps.db, "it.put.missing", "absent")).toBeNull();
  });

  it.each([
    [
      "two entries without key",
      "[{value: 1}, {value: 2}]",
      "`value` entries without `key` can only be used as a single replacement item.",
    ],
    [
      "a replacement beside keyed entries",
      "[{key: a, value: 1}, {value: 2}]",
      "`value` entries without `key` can only be used as a single replacement item.",
    ],
    ["a blank key", '[{key: " ", value: 1}]', "Each keyed `value` entry must have a non-empty string `key`."],
    ["a key that is not text", "[{key: 5, value: 1}]", "Each keyed `value` entry must have a non-empty string `key`."],
    [
      "keyed entries on a stored text",
      "[{key: a, value: 1}]",
      "Cannot apply keyed `value` updates to a non-JSON existing KV value.",
    ],
  ])("refuses %s with Kestra's message, the stored value unchanged", async (_name, value, message) => {
    await putKv(t.deps.db, { namespace: "it.put.bad", key: "s", type: "STRING", value: "text" }, caps());
    const ran = await run(put("put-bad", "it.put.bad", `key: s\nvalue: ${value}`));
    expect(ran.execution.state).toBe(State.FAILED);
    expect(errorOf(ran, "put")).toContain(message);
    expect((await getKv(t.deps.db, "it.put.bad", "s"))?.value).toBe("text");
  });

  it("holds the KV caps and the key rule, as every KV write does", async () => {
    await seed("it.put.caps", "big", { a: "x" });
    const ran = await run(`id: put-caps
namespace: it.put.caps
tasks:
  - id: too_big
    type: io.kestra.plugin.core.kv.Put
    key: big
    value: {b: "{{ range(1, 1000) | join(',') }}"}
    allowFailure: true
  - id: bad_key
    type: io.kestra.plugin.core.kv.Put
    key: "../escape"
    value: x
`);
    expect(ran.execution.state).toBe(State.FAILED);
    expect(errorOf(ran, "too_big")).toMatch(/OSPREY_MAX_KV_VALUE_BYTES/);
    expect((await getKv(t.deps.db, "it.put.caps", "big"))?.value).toEqual({ a: "x" });
    expect(errorOf(ran, "bad_key")).toMatch(/invalid KV key/);
  });

  it("reaches a parent namespace but refuses a sibling's, as kv.Set does", async () => {
    const parent = await run(put("put-parent", "it.put.reach.child", "namespace: it.put.reach\nkey: p\nvalue: {v: 1}"));
    expect(parent.execution.state).toBe(State.SUCCESS);
    expect((await getKv(t.deps.db, "it.put.reach", "p"))?.value).toEqual({ v: 1 });
    const sibling = await run(`id: put-sibling
namespace: it.put.other
tasks:
  - id: put
    type: io.kestra.plugin.core.kv.Put
    namespace: it.put.reach
    key: p
    value: {v: 2}
    allowFailure: true
  - id: set
    type: io.kestra.plugin.core.kv.Set
    namespace: it.put.reach
    key: p
    value: x
`);
    expect(errorOf(sibling, "put")).toBeTruthy();
    expect(errorOf(sibling, "put")).toBe(errorOf(sibling, "set"));
    expect((await getKv(t.deps.db, "it.put.reach", "p"))?.value).toEqual({ v: 1 });
  });
});
