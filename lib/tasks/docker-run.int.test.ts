import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { readFileByUri } from "../files/output-files";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// io.kestra.plugin.docker.Run on the real engine: the image's own entrypoint and CMD unless given,
// commands as the container's arguments, files in and out, and the same container rules as scripts.
const t = useTestExecutor();
type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };

describe("Docker Run", () => {
  it("runs commands as given, the image's CMD when there are none, an entryPoint with arguments, and keeps output files", async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: docker_run
namespace: it.docker
inputs:
  - { id: greetings, type: STRING, defaults: "HELLO WORLD !!" }
tasks:
  - id: write
    type: io.kestra.plugin.docker.Run
    containerImage: osprey/shell:latest
    commands:
      - "/bin/sh"
      - "-c"
      - echo {{ inputs.greetings }} > file.txt && echo '::{"outputs":{"done":true}}::'
    outputFiles:
      - file.txt
  - id: image_cmd
    type: io.kestra.plugin.docker.Run
    containerImage: osprey/python:latest
  - id: entry
    type: io.kestra.plugin.docker.Run
    containerImage: osprey/shell:latest
    entryPoint: ["echo"]
    commands: ["hello", "from", "entryPoint"]
    env: { UNUSED: "x" }
`,
      t.executor,
    );
    expect(execution.state, JSON.stringify(logs)).toBe(State.SUCCESS);
    const [write, imageCmd] = execution.taskRuns as Run[];
    expect(write.outputs).toMatchObject({ exitCode: 0, vars: { done: true } });
    const uri = (write.outputs as { outputFiles: Record<string, string> }).outputFiles["file.txt"];
    expect((await readFileByUri(t.deps, execution.id, uri)).content.toString()).toBe("HELLO WORLD !!\n");
    expect(imageCmd.state).toBe(State.SUCCESS);
    expect(logs.map((l) => l.message)).toContain("hello from entryPoint");
  });

  it("obeys the container rules (privileged refused), refuses wait: false, and fails with the exit code", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: docker_run_rules
namespace: it.docker
tasks:
  - id: privileged
    type: io.kestra.plugin.docker.Run
    allowFailure: true
    containerImage: osprey/shell:latest
    privileged: true
  - id: detached
    type: io.kestra.plugin.docker.Run
    allowFailure: true
    containerImage: osprey/shell:latest
    wait: false
  - id: exits
    type: io.kestra.plugin.docker.Run
    containerImage: osprey/shell:latest
    commands: ["sh", "-c", "exit 3"]
`,
      t.executor,
    );
    const [privileged, detached, exits] = execution.taskRuns as Run[];
    expect(privileged.error).toMatch(/privileged .* OSPREY_ALLOW_PRIVILEGED/);
    expect(detached.error).toMatch(/wait: false .* not supported/);
    expect([exits.state, execution.state]).toEqual([State.FAILED, State.FAILED]);
    expect(exits.error).toMatch(/code 3/);
  });
});
