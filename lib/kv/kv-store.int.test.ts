import { describe, expect, it } from "vitest";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { AppError } from "../errors/app-error";
import { deleteKeysForApi, getKvForApi, listKvForApi, putKvFromApi } from "./kv-api";
import { getKv, listKv, purgeExpiredKv, putKv } from "./kv-store";

// KV tasks, kv() and state.* on the real engine and a real SQLite file.
const t = useTestExecutor();
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Run = {
  taskId: string;
  state: string;
  value: string | null;
  error: string | null;
  outputs: Record<string, unknown> | null;
};
const runsOf = (execution: { taskRuns: unknown[] }) => execution.taskRuns as Run[];
const outputsOf = (execution: { taskRuns: unknown[] }, taskId: string, value: string | null = null) =>
  runsOf(execution).find((r) => r.taskId === taskId && r.value === value)?.outputs;
const messages = (logs: { message: string }[]) => logs.map((l) => l.message);

describe("KV store on the real engine", () => {
  it("a value set by one execution is read with kv() by the next, typed, and through the parent namespace", async () => {
    const set = await run(`id: kv_writer
namespace: it.kv
tasks:
  - id: count
    type: io.kestra.plugin.core.kv.Set
    key: counter
    value: "{{ 40 + 2 }}"
    kvType: NUMBER
  - id: config
    type: io.kestra.plugin.core.kv.Set
    key: settings
    value: '{"region": "eu", "sizes": [1, 2]}'
    kvType: JSON
  - id: parent
    type: io.kestra.plugin.core.kv.Set
    namespace: it
    key: shared
    value: from the parent
`);
    expect(set.execution.state).toBe("SUCCESS");
    expect((await getKv(t.deps.db, "it.kv", "counter"))?.type).toBe("NUMBER");

    const read = await run(`id: kv_reader
namespace: it.kv.team
tasks:
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "n={{ kv('counter', 'it.kv') + 1 }} region={{ kv('settings', namespace='it.kv').region }} shared={{ kv('shared') }} missing={{ kv('nope', errorOnMissing=false) }}"
  - id: get
    type: io.kestra.plugin.core.kv.Get
    key: shared
  - id: keys
    type: io.kestra.plugin.core.kv.GetKeys
    namespace: it.kv
    prefix: co
`);
    expect(read.execution.state).toBe("SUCCESS");
    expect(messages(read.logs)).toContain("n=43 region=eu shared=from the parent missing=");
    expect(outputsOf(read.execution, "get")).toEqual({ value: "from the parent" });
    expect(outputsOf(read.execution, "keys")).toEqual({ keys: ["counter"] });
  });

  it("a flow reaches only its own namespace's store and its parents': a sibling's is refused, by task and by kv()", async () => {
    const { execution } = await run(`id: kv_sibling
namespace: it.other
tasks:
  - id: write
    type: io.kestra.plugin.core.kv.Set
    namespace: it.kv
    key: planted
    value: x
    allowFailure: true
  - id: read
    type: io.kestra.plugin.core.log.Log
    message: "{{ kv('counter', 'it.kv') }}"
`);
    expect(execution.state).toBe("FAILED");
    expect(runsOf(execution).find((r) => r.taskId === "write")?.error).toContain(
      "Access to 'it.kv' namespace is not allowed from 'it.other'",
    );
    expect(runsOf(execution).find((r) => r.taskId === "read")?.error).toContain(
      "Access to 'it.kv' namespace is not allowed from 'it.other'",
    );
    expect(await getKv(t.deps.db, "it.kv", "planted")).toBeNull();
  });

  it("kv() of a missing key fails the task with Kestra's message", async () => {
    const { execution } = await run(`id: kv_missing
namespace: it.kv
tasks:
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "{{ kv('does_not_exist') }}"
`);
    expect(execution.state).toBe("FAILED");
    expect(runsOf(execution)[0].error).toContain("The key 'does_not_exist' does not exist in the namespace 'it.kv'.");
  });

  it("overwrite false refuses an existing key; Delete says whether it had a value", async () => {
    const { execution } = await run(`id: kv_overwrite
namespace: it.kv.ow
tasks:
  - id: first
    type: io.kestra.plugin.core.kv.Set
    key: once
    value: one
  - id: del
    type: io.kestra.plugin.core.kv.Delete
    key: once
  - id: again
    type: io.kestra.plugin.core.kv.Delete
    key: once
  - id: set
    type: io.kestra.plugin.core.kv.Set
    key: once
    value: two
  - id: refused
    type: io.kestra.plugin.core.kv.Set
    key: once
    value: three
    overwrite: false
`);
    expect(execution.state).toBe("FAILED");
    expect(outputsOf(execution, "del")).toEqual({ deleted: true });
    expect(outputsOf(execution, "again")).toEqual({ deleted: false });
    expect(runsOf(execution).find((r) => r.taskId === "refused")?.error).toContain("already exists");
    expect((await getKv(t.deps.db, "it.kv.ow", "once"))?.value).toBe("two");
  });

  it("a key set with a ttl is gone once it has passed: kv() no longer sees it and it is removed", async () => {
    const { execution } = await run(`id: kv_ttl
namespace: it.kv.ttl
tasks:
  - id: short
    type: io.kestra.plugin.core.kv.Set
    key: brief
    value: soon gone
    ttl: PT1S
  - id: long
    type: io.kestra.plugin.core.kv.Set
    key: lasting
    value: stays
    ttl: P1D
`);
    expect(execution.state).toBe("SUCCESS");
    const entry = await getKv(t.deps.db, "it.kv.ttl", "brief");
    expect(entry?.expiresAt).not.toBeNull();
    // Poll the store with the real clock until the ttl has passed, then read it from a flow.
    while ((await getKv(t.deps.db, "it.kv.ttl", "brief")) !== null) await new Promise((r) => setTimeout(r, 200));
    const after = await run(`id: kv_ttl_read
namespace: it.kv.ttl
tasks:
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "brief=[{{ kv('brief', errorOnMissing=false) }}] lasting=[{{ kv('lasting') }}]"
`);
    expect(messages(after.logs)).toContain("brief=[] lasting=[stays]");
    expect(await t.deps.db.kvEntry.count({ where: { namespace: "it.kv.ttl", key: "brief" } })).toBe(0);
  });

  it("expiry follows the clock it is given: invisible after, purged by purgeExpiredKv", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    await putKv(
      t.deps.db,
      { namespace: "it.kv.clock", key: "k", type: "STRING", value: "v", ttlMs: 60_000, now: t0 },
      t.deps.config,
    );
    expect((await getKv(t.deps.db, "it.kv.clock", "k", new Date(t0.getTime() + 59_000)))?.value).toBe("v");
    expect(await listKv(t.deps.db, "it.kv.clock", { now: new Date(t0.getTime() + 59_000) })).toHaveLength(1);
    expect(await listKv(t.deps.db, "it.kv.clock", { now: new Date(t0.getTime() + 60_000) })).toHaveLength(0);
    await putKv(
      t.deps.db,
      { namespace: "it.kv.clock", key: "k2", type: "STRING", value: "v", ttlMs: 1_000, now: t0 },
      t.deps.config,
    );
    expect(await purgeExpiredKv(t.deps.db, new Date(t0.getTime() + 2_000), "it.kv.clock")).toBe(1);
  });

  it("state.Set merges, state.Get reads it back per flow and per ForEach value, state.Delete removes it", async () => {
    const { execution } = await run(`id: kv_state
namespace: it.kv.state
tasks:
  - id: set1
    type: io.kestra.plugin.core.state.Set
    name: progress
    data:
      first: "{{ 1 + 1 }}"
  - id: set2
    type: io.kestra.plugin.core.state.Set
    name: progress
    data:
      second: b
  - id: get
    type: io.kestra.plugin.core.state.Get
    name: progress
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["x", "y"]
    tasks:
      - id: per
        type: io.kestra.plugin.core.state.Set
        name: progress
        data:
          item: "{{ taskrun.value }}"
  - id: del
    type: io.kestra.plugin.core.state.Delete
    name: progress
  - id: gone
    type: io.kestra.plugin.core.state.Get
    name: progress
`);
    expect(execution.state).toBe("SUCCESS");
    expect(outputsOf(execution, "set2")).toEqual({ count: 2, key: "kv-state_states_progress" });
    expect(outputsOf(execution, "get")).toEqual({ count: 2, data: { first: "2", second: "b" } });
    // Each ForEach value has its own state, apart from the flow's.
    expect(outputsOf(execution, "per", "x")).toMatchObject({ count: 1 });
    expect(outputsOf(execution, "per", "y")).toMatchObject({ count: 1 });
    expect(outputsOf(execution, "del")).toEqual({ deleted: true });
    expect(outputsOf(execution, "gone")).toEqual({ count: 0, data: {} });
    const keys = (await listKv(t.deps.db, "it.kv.state")).map((e) => e.key);
    expect(keys).toHaveLength(2);
    expect(keys.every((k) => k.startsWith("kv-state_states_progress_"))).toBe(true);
  });

  it("old state task names run as the new ones", async () => {
    const { execution } = await run(`id: kv_state_alias
namespace: it.kv.state
tasks:
  - id: set
    type: io.kestra.core.tasks.states.Set
    namespace: true
    data:
      a: 1
  - id: get
    type: io.kestra.core.tasks.states.Get
    namespace: true
`);
    expect(execution.state).toBe("SUCCESS");
    expect(outputsOf(execution, "set")).toEqual({ count: 1, key: "states_default" });
    expect(outputsOf(execution, "get")).toEqual({ count: 1, data: { a: 1 } });
  });

  it("the API's PUT reads the body as JSON (else text) and a ttl header; GET, list and bulk delete answer as Kestra's", async () => {
    const db = t.deps.db;
    await putKvFromApi(db, "it.kv.api", "num", "42", null);
    await putKvFromApi(db, "it.kv.api", "obj", '{"a": [1, 2]}', "PT1H");
    await putKvFromApi(db, "it.kv.api", "words", "plain words", null);
    expect(await getKvForApi(db, "it.kv.api", "num")).toEqual({ type: "NUMBER", value: 42 });
    expect(await getKvForApi(db, "it.kv.api", "obj")).toEqual({ type: "JSON", value: { a: [1, 2] } });
    expect(await getKvForApi(db, "it.kv.api", "words")).toEqual({ type: "STRING", value: "plain words" });
    const listed = await listKvForApi(db, "it.kv.api");
    expect(listed.map((e) => [e.key, e.type, e.preview, e.expirationDate === null])).toEqual([
      ["num", "NUMBER", "42", true],
      ["obj", "JSON", '{"a":[1,2]}', false],
      ["words", "STRING", "plain words", true],
    ]);
    const refused = await putKvFromApi(db, "it.kv.api", "x", "1", "one hour").catch((e: unknown) => e);
    expect(AppError.is(refused) && refused.code).toBe("BAD_REQUEST");
    const badKey = await putKvFromApi(db, "it.kv.api", "../x", "1", null).catch((e: unknown) => e);
    expect(AppError.is(badKey) && badKey.code).toBe("BAD_REQUEST");
    expect(await deleteKeysForApi(db, "it.kv.api", ["num", "absent", "words"])).toEqual(["num", "words"]);
    const missing = await getKvForApi(db, "it.kv.api", "num").catch((e: unknown) => e);
    expect(AppError.is(missing) && missing.code).toBe("NOT_FOUND");
  });
  it("the caps hold for tasks as for the API: a value past OSPREY_MAX_KV_VALUE_BYTES, a key past OSPREY_MAX_KV_KEY_CHARS, JSON past 1,000 levels", async () => {
    // About 1.1 MB rendered by the task itself (the API's body cap never sees it).
    const chunk = "x".repeat(1_000);
    const { execution } = await run(`id: kv_caps
namespace: it.kv.caps
tasks:
  - id: big
    type: io.kestra.plugin.core.kv.Set
    key: big
    value: "{% for i in range(1, 1100) %}${chunk}{% endfor %}"
    allowFailure: true
  - id: long_key
    type: io.kestra.plugin.core.kv.Set
    key: ${"k".repeat(300)}
    value: small
    allowFailure: true
  - id: deep
    type: io.kestra.plugin.core.kv.Set
    key: deep
    value: '${"[".repeat(5_000) + "]".repeat(5_000)}'
    kvType: JSON
    allowFailure: true
  - id: fits
    type: io.kestra.plugin.core.kv.Set
    key: ${"k".repeat(255)}
    value: "{% for i in range(1, 1000) %}${chunk}{% endfor %}"
`);
    const errorOf = (taskId: string) => runsOf(execution).find((r) => r.taskId === taskId)?.error ?? "";
    expect(errorOf("big")).toContain("(OSPREY_MAX_KV_VALUE_BYTES)");
    expect(errorOf("long_key")).toContain(
      "a KV key may have at most 255 characters (OSPREY_MAX_KV_KEY_CHARS), this one has 300",
    );
    expect(errorOf("deep")).toContain("nests deeper than 1000 levels");
    expect(runsOf(execution).find((r) => r.taskId === "fits")?.state).toBe("SUCCESS");
    expect((await listKv(t.deps.db, "it.kv.caps")).map((e) => e.key)).toEqual(["k".repeat(255)]);

    const longKey = await putKvFromApi(t.deps.db, "it.kv.caps", "a".repeat(5_000), '"v"', null).catch(
      (e: unknown) => e,
    );
    expect(AppError.is(longKey) && [longKey.code, longKey.message]).toEqual([
      "BAD_REQUEST",
      "a KV key may have at most 255 characters (OSPREY_MAX_KV_KEY_CHARS), this one has 5000",
    ]);
    const deepValue = await putKvFromApi(
      t.deps.db,
      "it.kv.caps",
      "deep",
      "[".repeat(5_000) + "]".repeat(5_000),
      null,
    ).catch((e: unknown) => e);
    expect(AppError.is(deepValue) && [deepValue.code, deepValue.message]).toEqual([
      "BAD_REQUEST",
      "the value's JSON nests deeper than 1000 levels",
    ]);
    // The store itself refuses, whoever calls it.
    const direct = await putKv(
      t.deps.db,
      { namespace: "it.kv.caps", key: "big", type: "STRING", value: "x".repeat(2_000) },
      { ...t.deps.config, OSPREY_MAX_KV_VALUE_BYTES: 1_000 },
    ).catch((e: unknown) => e);
    expect((direct as Error).message).toBe(
      "a KV value may be at most 1000 bytes of JSON (OSPREY_MAX_KV_VALUE_BYTES), this one is 2002",
    );
  });
});
