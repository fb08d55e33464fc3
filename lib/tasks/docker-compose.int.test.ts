import { describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { killExecution } from "../executions/kill-execution";
import { saveFlow } from "../flows/save-flow";
import { LABEL_INSTANCE, LABEL_MANAGED, LABEL_TASK_RUN } from "../runner/docker/labels";
import { State } from "../states/states";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's Docker Compose on the real engine with docker-compose v1 (scripts/ensure-docker-compose.sh)
// and the local default images: logs, outputs, the container rules, and nothing left behind.
const t = useTestExecutor();
type Run = { id: string; taskId: string; state: string; error: string | null; outputs: unknown };

/** What the engine still has of a task run's project: containers, networks and volumes. */
async function leftovers(taskRunId: string) {
  const filters = { label: [`${LABEL_TASK_RUN}=${taskRunId}`] };
  const docker = t.deps.docker;
  return {
    containers: (await docker.listContainers({ all: true, filters })).length,
    networks: (await docker.listNetworks({ filters })).length,
    volumes: ((await docker.listVolumes({ filters })).Volumes ?? []).length,
  };
}
const NOTHING = { containers: 0, networks: 0, volumes: 0 };

describe("Docker Compose", () => {
  it("brings up two services, their logs reach the task's log, outputs come back, and everything is removed", async () => {
    const { execution, logs } = await runFlow(
      t.deps,
      `id: compose_two
namespace: it.compose
tasks:
  - id: up
    type: io.kestra.plugin.docker.cli.Compose
    env:
      GREETING: hello
    composeFile: |
      services:
        shell:
          image: osprey/shell:latest
          command: ["sh", "-c", "echo \${GREETING} from shell; echo \\"home is $$HOME\\""]
          volumes: [scratch:/scratch]
        python:
          image: osprey/python:latest
          command: ["python3", "-c", "print('\${GREETING} from python')"]
      volumes:
        scratch: {}
    # Plain up: it returns once every service has exited (--abort-on-container-exit could stop python before it printed).
    composeArgs: [up]
  - id: run
    type: io.kestra.plugin.docker.Compose
    inputFiles:
      docker-compose.yml: |
        services:
          app:
            image: osprey/shell:latest
            environment: [WHO]
      .env: WHO=dotenv
    composeArgs: [run, --rm, -T, app, sh, -c, "echo '::{\\"outputs\\":{\\"who\\":\\"'$WHO'\\"}}::'"]
`,
      t.executor,
    );
    const runs = execution.taskRuns as Run[];
    const messages = logs.map((l) => l.message);
    expect(execution.state, JSON.stringify([runs.map((r) => r.error), messages.slice(-15)])).toBe(State.SUCCESS);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/shell_1 +\| hello from shell$/)]));
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/python_1 +\| hello from python$/)]));
    // `$$HOME` reached the shell as `$HOME`: Osprey's substitution escapes what docker-compose reads.
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/shell_1 +\| home is \/root$/)]));
    expect(runs[0].outputs).toMatchObject({ exitCode: 0, vars: {}, outputFiles: {} });
    expect(runs[1].outputs).toMatchObject({ exitCode: 0, vars: { who: "dotenv" } });
    for (const run of runs) expect(await leftovers(run.id)).toEqual(NOTHING);
  });

  it("runs Kestra's documented example as written (image adapted): up -d, then everything removed", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: docker_compose_up
namespace: company.team

tasks:
  - id: up
    type: io.kestra.plugin.docker.cli.Compose
    taskRunner:
      type: io.kestra.plugin.scripts.runner.docker.Docker
      volumes:
        - /var/run/docker.sock:/var/run/docker.sock
    composeFile: |
      services:
        web:
          image: osprey/shell:latest
    composeArgs:
      - up
      - -d
`,
      t.executor,
    );
    const [up] = execution.taskRuns as Run[];
    expect(execution.state, up.error ?? "").toBe(State.SUCCESS);
    expect(up.outputs).toMatchObject({ exitCode: 0 });
    expect(await leftovers(up.id)).toEqual(NOTHING);
  });

  it("refuses a privileged service and a host bind mount before anything starts, and fails on a service's exit code", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: compose_refused
namespace: it.compose
tasks:
  - id: privileged
    type: io.kestra.plugin.docker.cli.Compose
    allowFailure: true
    composeFile: |
      services:
        root:
          image: osprey/shell:latest
          privileged: true
    composeArgs: [up]
  - id: bind
    type: io.kestra.plugin.docker.cli.Compose
    allowFailure: true
    composeFile: |
      services:
        reader:
          image: osprey/shell:latest
          volumes: ["/etc:/host-etc:ro"]
    composeArgs: [up]
  - id: exits
    type: io.kestra.plugin.docker.cli.Compose
    composeFile: |
      services:
        bad:
          image: osprey/shell:latest
          command: ["sh", "-c", "exit 3"]
    composeArgs: [up, --exit-code-from, bad]
`,
      t.executor,
    );
    const [privileged, bind, exits] = execution.taskRuns as Run[];
    expect(privileged.error).toBe(
      "services.root: privileged gives the container root on the host and is disabled on this server (an admin can allow it with OSPREY_ALLOW_PRIVILEGED=true)",
    );
    expect(bind.error).toMatch(
      /^services\.reader: volumes mounts host folders and is disabled on this server .*OSPREY_ALLOW_HOST_VOLUMES/,
    );
    expect([privileged.state, bind.state]).toEqual([State.WARNING, State.WARNING]);
    expect([exits.state, exits.error]).toEqual([State.FAILED, "docker-compose exited with code 3"]);
    for (const run of [privileged, bind, exits]) expect(await leftovers(run.id)).toEqual(NOTHING);
  });

  it("a killed Compose task leaves no container, network or volume; while it ran, its containers were Osprey's", async () => {
    const saved = await saveFlow(
      t.deps.db,
      `id: compose_killed
namespace: it.compose
tasks:
  - id: long
    type: io.kestra.plugin.docker.cli.Compose
    composeFile: |
      services:
        a:
          image: osprey/shell:latest
          command: ["sleep", "300"]
        b:
          image: osprey/shell:latest
          command: ["sleep", "300"]
    composeArgs: [up]
`,
      { create: true },
    );
    const created = await createExecution(t.deps.db, saved.namespace, saved.id);
    t.executor.wake();
    let running: Awaited<ReturnType<typeof t.deps.docker.listContainers>> = [];
    for (let i = 0; i < 600 && running.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      running = await t.deps.docker.listContainers({
        filters: { label: [`${LABEL_MANAGED}=true`, "com.docker.compose.project"] },
      });
      running = running.filter((c) => c.Labels["io.osprey.execution"] === created.id);
    }
    expect(running).toHaveLength(2);
    expect(running[0].Labels).toMatchObject({ [LABEL_MANAGED]: "true", [LABEL_INSTANCE]: t.deps.instance });
    await killExecution(t.deps.db, t.executor, created.id, "test");
    const execution = await waitForEnd(t.deps, created.id);
    expect(execution.state).toBe(State.KILLED);
    expect(await leftovers(execution.taskRuns[0].id)).toEqual(NOTHING);
  });
});
