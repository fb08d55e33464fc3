import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { outputsOf, runOf, runsOf, runWithValues, STORAGE_URI, TESTS, useKestra } from "./kestra-harness";

// Kestra's WorkingDirectoryTest (its Suite, also run by JdbcRunnerTest), on its flows of
// core/src/test/resources/flows/valids. Osprey gives each WorkingDirectory run a Docker volume, so
// these flows use the Docker engine even though their tasks are core ones.
const k = useKestra();

describe("WorkingDirectory (WorkingDirectoryTest)", () => {
  it("success: working-directory.yaml with failed=false: 4 task runs, SUCCESS, 2_end reads the stored out/stay.txt (an internal storage URI)", async () => {
    await k.load("working-directory.yaml");
    const e = await k.runUnchecked(TESTS, "working-directory", { failed: "false" });
    expect([e.taskRuns.length, e.state]).toEqual([4, State.SUCCESS]);
    expect(String(outputsOf(e.taskRuns[3]).value)).toMatch(STORAGE_URI);
  });

  it("failed: working-directory.yaml with failed=true: 3 task runs, FAILED, its errors task error-t1 ran once", async () => {
    await k.load("working-directory.yaml");
    const e = await k.runUnchecked(TESTS, "working-directory", { failed: "true" });
    expect([e.taskRuns.length, e.state, runsOf(e, "error-t1").length]).toEqual([3, State.FAILED, 1]);
  });

  it("each: working-directory-each.yaml (three nested ForEach): 8 task runs, SUCCESS, 2_end reads the file by all three values", async () => {
    const e = await k.execute("working-directory-each.yaml");
    expect([e.taskRuns.length, e.state]).toEqual([8, State.SUCCESS]);
    expect(String(outputsOf(runOf(e, "2_end")).value)).toMatch(STORAGE_URI);
  });

  it("inputFiles: working-directory-inputs.yml: 2 task runs, SUCCESS, the LocalFiles task stored input.txt = Hello World", async () => {
    const e = await k.execute("working-directory-inputs.yml");
    expect([e.taskRuns.length, e.state]).toEqual([2, State.SUCCESS]);
    const uri = String((outputsOf(e.taskRuns[1]).uris as Record<string, string>)["input.txt"]);
    expect(uri.endsWith("input.txt")).toBe(true);
    expect(await k.readFile(e.id, uri)).toBe("Hello World");
  });

  it("outputFiles: working-directory-outputs.yml: 2 task runs, SUCCESS, the WorkingDirectory's outputFiles hold output.txt = Hello World", async () => {
    const e = await k.execute("working-directory-outputs.yml");
    expect([e.taskRuns.length, e.state]).toEqual([2, State.SUCCESS]);
    const files = outputsOf(e.taskRuns[0]).outputFiles as Record<string, string>;
    expect(files).toBeDefined();
    expect(await k.readFile(e.id, Object.values(files)[0])).toBe("Hello World");
  });

  it("taskrun: working-directory-taskrun.yml: 3 task runs, SUCCESS, log-taskrun under value 1 returns it", async () => {
    const e = await k.execute("working-directory-taskrun.yml");
    expect([e.taskRuns.length, e.state]).toEqual([3, State.SUCCESS]);
    expect(String(outputsOf(runWithValues(e, "log-taskrun", ["1"])).value)).toContain("1");
  });

  // D24 (fixed): a WorkingDirectory's tasks run in its run context (Kestra's Worker), so `parent` is
  // the WorkingDirectory's own parent, seq, which carries the ForEach value.
  it("taskrunNested: working-directory-taskrun-nested.yml: 6 task runs, SUCCESS, a task inside sees the WorkingDirectory's parent as its parent: {task: {id: seq}, taskrun: {value: 1}}", async () => {
    const e = await k.execute("working-directory-taskrun-nested.yml");
    expect([e.taskRuns.length, e.state]).toEqual([6, State.SUCCESS]);
    // Kestra (Dec 2024): contains {"taskrun":{"value":"1"}}; today: {"taskrun":{"value":"1"},"task":{"id":"seq"}}.
    const parent = JSON.parse(String(outputsOf(runWithValues(e, "log-workerparent", ["1"])).value));
    expect(parent).toEqual({ task: { id: "seq" }, taskrun: { value: "1" } });
  });

  it("cache: working-directory-cache.yml: the first run finds no cached file (exists: uris {}), 3 task runs, SUCCESS", async () => {
    const e = await k.execute("working-directory-cache.yml");
    expect([e.taskRuns.length, e.state]).toEqual([3, State.SUCCESS]);
    expect(outputsOf(runOf(e, "exists"))).toMatchObject({ uris: {} });
  });

  // D25 (fixed): the cache is kept per flow, task and value (lib/orchestrator/working-directory-cache.ts),
  // and restored within its ttl, as Kestra's WorkingDirectory does.
  it("cache: a second run of working-directory-cache.yml finds hello.txt from the first", async () => {
    await k.execute("working-directory-cache.yml");
    const e = await k.execute("working-directory-cache.yml");
    expect([e.taskRuns.length, e.state]).toEqual([3, State.SUCCESS]);
    expect(Object.keys(outputsOf(runOf(e, "exists")).uris as Record<string, string>)).toContain("hello.txt");
  });
});

describe("internal storage URIs (WorkingDirectoryTest, InputsTest, PauseTest, ForEachItemCaseTest)", () => {
  // DIFF (deliberate, D26 in docs/conformance.md): Osprey's internal storage URIs are osprey:///executions/<id>/tasks/<taskId>/<taskRunId>/<name>
  // (lib/files/output-files.ts, input files lib/files/input-files.ts); Kestra's are
  // kestra:///<namespace as path>/<flowId>/executions/<id>/tasks/<taskId>/<taskRunId>/<name>, and its
  // tests check the scheme (startsWith("kestra://")) and, for inputs and ForEachItem batches, that path.
  it.skip("working-directory.yaml: 2_end's URI starts with kestra://", async () => {
    await k.load("working-directory.yaml");
    const e = await k.runUnchecked(TESTS, "working-directory", { failed: "false" });
    expect(String(outputsOf(e.taskRuns[3]).value)).toMatch(/^kestra:\/\//);
  });
});
