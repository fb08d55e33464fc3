import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's housekeeping tasks on the real engine and database: what they remove, what they count,
// and what they never touch (other namespaces, running executions, the purging one itself).
const t = useTestExecutor();
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const WRITE = `tasks:\n  - { id: w, type: io.kestra.plugin.core.storage.Write, content: "hello", extension: .txt }\n  - { id: l, type: io.kestra.plugin.core.log.Log, message: "a line" }\n`;
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);

describe("purge tasks", () => {
  it("PurgeExecutions removes ended executions of its namespace and below, their logs and files, and nothing else", async () => {
    const kept = (await run(`id: other\nnamespace: it.elsewhere\n${WRITE}`)).execution;
    const gone = [
      (await run(`id: a\nnamespace: it.purge\n${WRITE}`)).execution,
      (await run(`id: b\nnamespace: it.purge.sub\n${WRITE}`)).execution,
    ];
    const before = await t.deps.storage.listAll(`executions/${gone[0].id}`);
    expect(before.length).toBeGreaterThan(0);
    const { execution } = await run(`id: purge
namespace: it.purge
tasks:
  - id: purge
    type: io.kestra.plugin.core.execution.PurgeExecutions
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"
    states: [SUCCESS]
`);
    const purge = (execution.taskRuns as Run[])[0];
    expect(purge.state, purge.error ?? "").toBe(State.SUCCESS);
    expect(purge.outputs).toMatchObject({ executionsCount: 2, storagesCount: 2 });
    expect(Number(purge.outputs?.logsCount)).toBeGreaterThanOrEqual(2);
    expect(await t.deps.db.execution.count({ where: { id: { in: gone.map((e) => e.id) } } })).toBe(0);
    expect(await t.deps.storage.listAll(`executions/${gone[0].id}`)).toEqual([]);
    // The other namespace's, and the purging execution itself, are still there.
    expect(await t.deps.db.execution.count({ where: { id: { in: [kept.id, execution.id] } } })).toBe(2);
  });

  it("PurgeLogs removes logs and keeps executions; a namespace out of reach is refused", async () => {
    const target = (await run(`id: noisy\nnamespace: it.purge.logs\n${WRITE}`)).execution;
    const { execution } = await run(`id: purge_logs
namespace: it.purge.logs
tasks:
  - id: logs
    type: io.kestra.plugin.core.log.PurgeLogs
    flowId: noisy
    endDate: "{{ now() | dateAdd(1, 'HOURS') }}"
  - id: refused
    type: io.kestra.plugin.core.log.PurgeLogs
    allowFailure: true
    namespace: it.elsewhere
    endDate: "{{ now() }}"
`);
    const [logs, refused] = execution.taskRuns as Run[];
    expect(logs.outputs).toMatchObject({ count: expect.any(Number) });
    expect(Number(logs.outputs?.count)).toBeGreaterThan(0);
    expect(await t.deps.db.logChunk.count({ where: { executionId: target.id } })).toBe(0);
    expect(await t.deps.db.execution.count({ where: { id: target.id } })).toBe(1);
    expect(refused.error).toBe("the executions of namespace it.elsewhere are out of reach of a flow of it.purge.logs");
  });

  it("PurgeKV removes expired entries by default, or those a key pattern names; PurgeCurrentExecutionFiles its own files", async () => {
    const past = new Date(Date.now() - 60_000);
    await t.deps.db.kvEntry.createMany({
      data: [
        { namespace: "it.kv", key: "old", type: "STRING", value: '"x"', expiresAt: past },
        { namespace: "it.kv.child", key: "older", type: "STRING", value: '"x"', expiresAt: past },
        { namespace: "it.kv", key: "tmp_live", type: "STRING", value: '"x"' },
        { namespace: "it.kv", key: "keep", type: "STRING", value: '"x"' },
        { namespace: "it.elsewhere", key: "old", type: "STRING", value: '"x"', expiresAt: past },
      ],
    });
    const { execution } = await run(`id: purge_kv
namespace: it.kv
tasks:
  - id: expired
    type: io.kestra.plugin.core.kv.PurgeKV
  - id: pattern
    type: io.kestra.plugin.core.kv.PurgeKV
    keyPattern: "tmp_*"
    behavior: { type: key, expiredOnly: false }
  - { id: w, type: io.kestra.plugin.core.storage.Write, content: "bye", extension: .txt }
  - id: files
    type: io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles
`);
    const [expired, pattern, , files] = execution.taskRuns as Run[];
    expect([expired.outputs, pattern.outputs]).toEqual([{ size: 2 }, { size: 1 }]);
    const left = await t.deps.db.kvEntry.findMany({
      where: { namespace: { startsWith: "it." }, key: { in: ["old", "older", "tmp_live", "keep"] } },
    });
    expect(left.map((r) => `${r.namespace}/${r.key}`).sort()).toEqual(["it.elsewhere/old", "it.kv/keep"]);
    expect(files.outputs).toMatchObject({ uris: [expect.stringMatching(/^osprey:\/\/\/executions\//)] });
    expect(await t.deps.db.outputFile.count({ where: { executionId: execution.id } })).toBe(0);
  });
});
