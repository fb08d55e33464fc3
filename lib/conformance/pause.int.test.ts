import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { killExecution } from "../executions/kill-execution";
import { resumeExecution } from "../executions/resume-execution";
import { readResumeInputs } from "../http/create-execution-route";
import { outputsOf, runOf, STORAGE_URI, TESTS, useKestra } from "./kestra-harness";

// Kestra's PauseTest (its Suite, run by JdbcRunnerTest, today AbstractRunnerTest), ResumeTest and
// ExecutionServiceTest.resumePausedToRunning, on their flows of core/src/test/resources/flows/valids.
// Kestra's executionService.markAs(pause task run, RUNNING) and resume() are Osprey's resumeExecution.
const k = useKestra();
const resume = (id: string, inputs: Record<string, unknown> = {}) =>
  resumeExecution(k.t.deps.db, id, inputs, k.t.deps.bus);

/** runOneUntilPaused, with Kestra's first checks: PAUSED, one task run, the Pause PAUSED. */
async function untilPaused(flowId: string) {
  const id = await k.start(TESTS, flowId);
  const paused = await k.until(id, State.PAUSED);
  expect(paused.taskRuns).toHaveLength(1);
  expect(paused.taskRuns[0].state).toBe(State.PAUSED);
  return id;
}

describe("Pause (PauseTest)", () => {
  it("run: pause.yaml pauses with one task run PAUSED; resumed, it ends SUCCESS; a second resume is refused (ExecutionServiceTest.resumePausedToRunning)", async () => {
    await k.load("pause.yaml");
    const id = await untilPaused("pause");
    await resume(id);
    expect((await k.ended(id)).state).toBe(State.SUCCESS);
    await expect(resume(id)).rejects.toThrow(/not paused/);
  });

  it("runEmptyTasks: pause_no_tasks.yaml pauses with one task run PAUSED; resumed, it ends SUCCESS", async () => {
    await k.load("pause_no_tasks.yaml");
    const id = await untilPaused("pause_no_tasks");
    await resume(id);
    expect((await k.ended(id)).state).toBe(State.SUCCESS);
  });

  it("runDelay: pause-delay.yaml pauses with one task run, then on its own runs the Pause's subtask and last: SUCCESS, 3 task runs", async () => {
    await k.load("pause-delay.yaml");
    const e = await k.ended(await untilPaused("pause-delay"));
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 3]);
  });

  it("runDelayFromInput: pause-delay-from-input.yaml (delay from a DURATION input) pauses with one task run, then ends SUCCESS with 3 task runs", async () => {
    await k.load("pause-delay-from-input.yaml");
    const e = await k.ended(await untilPaused("pause-delay-from-input"));
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 3]);
  });

  it("runParallelDelay: each-parallel-pause.yml ends SUCCESS with 7 task runs (each Pause's log runs after it)", async () => {
    const e = await k.execute("each-parallel-pause.yml");
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 7]);
  });

  it("runTimeout: pause-timeout.yaml pauses, then its timeout fails it: FAILED, one task run", async () => {
    await k.load("pause-timeout.yaml");
    const id = await untilPaused("pause-timeout");
    try {
      const e = await k.ended(id, 15_000);
      expect([e.state, e.taskRuns.length, e.taskRuns[0].state]).toEqual([State.FAILED, 1, State.FAILED]);
    } finally {
      if ((await k.get(id)).state === State.PAUSED) await killExecution(k.t.deps.db, k.t.executor, id, "test");
    }
  });

  // D6 (fixed): the resume's form stores its file part under the execution (readResumeInputs, as
  // Kestra's ExecutionService.readInputs) and the Pause's onResume.data is its URI.
  it("runOnResume: pause_on_resume.yaml resumed with asked=restarted and the file data: SUCCESS, values.asked restarted, values.data a stored file holding the execution id", async () => {
    await k.load("pause_on_resume.yaml");
    const id = await untilPaused("pause_on_resume");
    try {
      const form = new FormData();
      form.set("asked", "restarted");
      form.set("data", new Blob([id], { type: "text/plain" }), "data");
      const request = new Request("http://osprey.test/resume", { method: "POST", body: form });
      await resume(id, (await readResumeInputs(k.t.deps.storage, id, request)).inputs);
      const e = await k.ended(id);
      expect(e.state).toBe(State.SUCCESS);
      const values = outputsOf(runOf(e, "last")).values as Record<string, unknown>;
      expect(values.asked).toBe("restarted");
      expect(String(values.data)).toMatch(STORAGE_URI);
      expect(await k.readFile(id, String(values.data))).toBe(id);
    } finally {
      if ((await k.get(id)).state === State.PAUSED) await killExecution(k.t.deps.db, k.t.executor, id, "test");
    }
  });

  it("runOnResumeMissingInputs: resuming pause_on_resume.yaml without `asked` is refused, naming it", async () => {
    await k.load("pause_on_resume.yaml");
    const id = await untilPaused("pause_on_resume");
    // Kestra: "Invalid input for `asked`, missing required input" (today "Missing required input:asked").
    await expect(resume(id)).rejects.toThrow(/asked/);
    expect((await k.get(id)).state).toBe(State.PAUSED);
    await resume(id, { asked: "now" });
    await k.ended(id);
  });

  it("runOnResumeOptionalInputs: pause_on_resume_optional.yaml resumed without inputs: last outputs values.asked MISSING", async () => {
    await k.load("pause_on_resume_optional.yaml");
    const id = await untilPaused("pause_on_resume_optional");
    await resume(id);
    const e = await k.ended(id);
    expect(e.state).toBe(State.SUCCESS);
    expect((outputsOf(runOf(e, "last")).values as Record<string, unknown>).asked).toBe("MISSING");
  });
});

describe("Resume task (ResumeTest)", () => {
  it("resume-execution.yaml resumes pause.yaml's paused execution by id: SUCCESS, and the paused one ends", async () => {
    await k.load("pause.yaml", "resume-execution.yaml");
    const paused = await untilPaused("pause");
    const e = await k.run(TESTS, "resume-execution", { inputs: { executionId: paused } });
    expect(e.state).toBe(State.SUCCESS);
    expect((await k.ended(paused, 5_000)).state).toBe(State.SUCCESS);
  });
});
