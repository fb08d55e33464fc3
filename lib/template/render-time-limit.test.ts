import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { RenderRequest } from "./render-request";
import { TemplateRenderer } from "./template-renderer";

const vars: RenderRequest["vars"] = {
  flow: { id: "f", namespace: "company.team", revision: 1 },
  execution: { id: "e-1", startDate: "2026-01-01T00:00:00Z" },
  inputs: { name: "world" },
  outputs: {},
};
const request = (value: unknown): RenderRequest => ({ value, vars, maxOutputChars: 1_000_000 });
// One step that never ends (catastrophic backtracking): only the process's own clock stops it.
const FREEZE = `{{ '${"a".repeat(40)}!' | replace({'(a+)+$': 'x'}, regexp=true) }}`;

/** Holds this process's event loop, as a server busy with other work (or a huge JSON.stringify) does. */
function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** The template processes this test process started (Linux: read from /proc), to stop one by its id. */
function templateChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat after the command name in parentheses: the state, then the parent's id.
      const [state, ppid] = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      if (
        Number(ppid) === process.pid &&
        state !== "Z" &&
        readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("render-child")
      )
        pids.push(Number(entry));
    } catch (err) {
      // A process that ended while the list was read: not ours to find.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" && (err as NodeJS.ErrnoException).code !== "ESRCH")
        throw err;
    }
  }
  return pids;
}

// The defaults' shape, and one whose backstop (1 s past the 1 s limit) runs out during a 3 s stall.
const renderer = new TemplateRenderer({ timeoutMs: 1_000, memoryMb: 64, workers: 1 });
const impatient = new TemplateRenderer({ timeoutMs: 1_000, memoryMb: 64, workers: 1, backstopGraceMs: 1_000 });
afterAll(async () => {
  await renderer.close();
  await impatient.close();
});

// Each test holds the loop 3 s or starts processes (a few hundred ms each, seconds on a busy machine).
describe("the render time limit counts evaluation only", { timeout: 30_000 }, () => {
  it("a render in flight while the server's event loop is held for 3 s still succeeds (limit 1 s)", async () => {
    await renderer.render(request({ m: "{{ flow.id }}" })); // the process is up
    const render = renderer.render(request({ m: "{{ inputs.name }}" }));
    busyWait(3_000);
    await expect(render).resolves.toMatchObject({ value: { m: "world" } });
  });

  it("also when the backstop's own timer ran out meanwhile, with a reply too large to arrive in one read", async () => {
    await impatient.render(request({ m: "{{ flow.id }}" }));
    const big = "x".repeat(8_000_000);
    const render = impatient.render({
      ...request({ m: "{{ inputs.big }}" }),
      vars: { ...vars, inputs: { big } },
      maxOutputChars: 10_000_000,
    });
    busyWait(3_000);
    expect((await render).value).toEqual({ m: big });
  });

  it("an expression that never ends still fails with the time limit's message", async () => {
    await expect(impatient.render(request({ m: FREEZE }))).rejects.toThrow(
      /expression took longer than 1 s \(OSPREY_TEMPLATE_TIMEOUT_MS\) and was stopped/,
    );
    expect((await impatient.render(request({ m: "after {{ flow.id }}" }))).value).toEqual({ m: "after f" });
  });

  it("a process that stopped answering is given up and replaced", async () => {
    const others = templateChildren();
    const own = new TemplateRenderer({ timeoutMs: 1_000, memoryMb: 64, workers: 1, backstopGraceMs: 100 });
    try {
      await own.render(request({ m: "{{ flow.id }}" }));
      const [pid] = templateChildren().filter((p) => !others.includes(p));
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, "SIGSTOP");
      await expect(own.render(request({ m: "{{ inputs.name }}" }))).rejects.toThrow(
        /expression process stopped answering/,
      );
      // Killed (SIGKILL ends a stopped process too); the kernel takes a moment to clear it.
      await vi.waitFor(() => expect(templateChildren()).not.toContain(pid));
      expect((await own.render(request({ m: "again {{ inputs.name }}" }))).value).toEqual({ m: "again world" });
    } finally {
      await own.close();
    }
  });
});
