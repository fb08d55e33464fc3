import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { parseFlowCached } from "../flow/parse-flow-cached";
import { saveFlow } from "../flows/save-flow";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { State } from "../states/states";
import { listManifestRevisions, saveManifest } from "./manifest-store";
import { parseWithManifests } from "./parse-with-manifests";

// Task types registered from a manifest, on the real database and Docker engine: the manifest's
// schema validates flows, its properties reach the container as env and a JSON file, outputs come
// back by the `::{"outputs":…}::` protocol, and the container rules of every script task hold.
const t = useTestExecutor();

const GREET = `type: acme.tasks.Greet
title: Greet someone
description: Says hello to \`name\`, \`times\` times.
image: osprey/shell:latest
properties:
  type: object
  required: [name]
  properties:
    name: {type: string, description: Who to greet}
    times: {type: integer, minimum: 1, default: 1}
    tags: {type: array, items: {type: string}}
commands:
  - cat properties.json; echo
  - i=0; while [ $i -lt "$PROP_TIMES" ]; do echo "hello $PROP_NAME"; i=$((i+1)); done
  - 'echo "::{\\"outputs\\":{\\"greeting\\":\\"hello $PROP_NAME\\",\\"tags\\":$PROP_TAGS}}::"'
outputs:
  greeting: {type: string, description: The greeting}
`;

async function problems(promise: Promise<unknown>): Promise<{ message: string; line?: number; column?: number }[]> {
  try {
    await promise;
  } catch (err) {
    if (AppError.is(err)) return err.problems ?? [{ message: err.message }];
    throw err;
  }
  throw new Error("expected a refusal");
}

const flow = (id: string, task: string) =>
  `id: ${id}\nnamespace: it.manifests\ninputs:\n  - {id: who, type: STRING, defaults: Ada}\ntasks:\n  - id: greet\n    type: acme.tasks.Greet\n${task}`;

describe("task types from manifests", () => {
  it("runs in the manifest's image: properties as env and properties.json, rendered, defaults applied, outputs back", async () => {
    expect((await saveManifest(t.deps.db, GREET, "admin@osprey.local")).revision).toBe(1);
    const { execution, logs } = await runFlow(
      t.deps,
      flow("greet_ok", `    name: "{{ inputs.who }}"\n    times: 2\n    tags: [a, b]\n`),
      t.executor,
    );
    expect(execution.state, JSON.stringify(execution.taskRuns)).toBe(State.SUCCESS);
    const lines = logs.map((l) => l.message);
    expect(lines).toContain('{"name":"Ada","times":2,"tags":["a","b"]}');
    expect(lines.filter((l) => l === "hello Ada")).toHaveLength(2);
    const run = execution.taskRuns.find((r) => r.taskId === "greet");
    expect(run?.outputs).toMatchObject({ vars: { greeting: "hello Ada", tags: ["a", "b"] }, exitCode: 0 });
    expect(await leftoverContainers(t.deps)).toEqual([]);
  });

  it("a flow is checked against the manifest's schema on save, each problem at its line and column", async () => {
    await saveManifest(t.deps.db, GREET, undefined);
    const found = await problems(
      saveFlow(t.deps.db, flow("greet_bad", `    times: 0\n    colour: red\n`), { create: true }),
    );
    const messages = found.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "tasks[0].name: required property is missing",
        'tasks[0]: unknown property "colour"',
        expect.stringMatching(/^tasks\[0\]\.times: /),
      ]),
    );
    expect(found.find((p) => p.message.startsWith("tasks[0].times"))).toMatchObject({ line: 8 });
  });

  it("a rendered value of the wrong type fails the task with the property's name; no container is left", async () => {
    await saveManifest(t.deps.db, GREET, undefined);
    const { execution } = await runFlow(
      t.deps,
      flow("greet_rendered", `    name: x\n    times: "{{ 'many' }}"\n`),
      t.executor,
    );
    expect(execution.state).toBe(State.FAILED);
    const run = execution.taskRuns.find((r) => r.taskId === "greet");
    expect(run?.error).toMatch(/property times: /);
    expect(await leftoverContainers(t.deps)).toEqual([]);
  });

  it("obeys the rules of every script task: running on the host is refused as it is for a Shell task", async () => {
    await saveManifest(t.deps.db, GREET, undefined);
    const { execution } = await runFlow(t.deps, flow("greet_host", `    name: x\n    runner: PROCESS\n`), t.executor);
    const shell = await runFlow(
      t.deps,
      `id: shell_host\nnamespace: it.manifests\ntasks:\n  - id: greet\n    type: io.kestra.plugin.scripts.shell.Commands\n    runner: PROCESS\n    commands: [echo hi]\n`,
      t.executor,
    );
    const error = (e: typeof execution) => e.taskRuns.find((r) => r.taskId === "greet")?.error;
    expect(execution.state).toBe(shell.execution.state);
    expect(error(execution)).toBe(error(shell.execution));
  });

  it("manifests: revisions, an unchanged one keeps its number; refusals name the line or the rule", async () => {
    await saveManifest(t.deps.db, GREET, "a@osprey.local");
    const again = await saveManifest(t.deps.db, GREET, "a@osprey.local");
    expect(again.changed).toBe(false);
    const changed = await saveManifest(t.deps.db, GREET.replace("Greet someone", "Greet"), "b@osprey.local");
    expect(changed).toMatchObject({ changed: true, revision: again.revision + 1 });
    const revisions = await listManifestRevisions(t.deps.db, "acme.tasks.Greet");
    expect(revisions[0]).toMatchObject({ revision: changed.revision, createdBy: "b@osprey.local" });

    const builtIn = await problems(
      saveManifest(t.deps.db, GREET.replace("acme.tasks.Greet", "io.kestra.plugin.core.log.Log"), undefined),
    );
    expect(builtIn[0].message).toBe("type: io.kestra.* and io.osprey.* names are reserved");
    const alias = await problems(
      saveManifest(t.deps.db, GREET.replace("acme.tasks.Greet", "io.kestra.core.tasks.log.Log"), undefined),
    );
    expect(alias[0].message).toMatch(/reserved|Osprey has/);
    const reserved = await problems(
      saveManifest(t.deps.db, GREET.replace("    tags:", "    env: {type: string}\n    tags:"), undefined),
    );
    expect(reserved[0]).toMatchObject({
      message: 'properties.properties.env: "env" is a property every task has; name it otherwise',
      line: 11,
    });
    const yaml = await problems(saveManifest(t.deps.db, "type: a.B\ntitle: [unclosed\n", undefined));
    expect(yaml[0].line).toBeGreaterThanOrEqual(2);
    expect(yaml[0].message).toMatch(/^invalid YAML: /);
  });

  it("a type registered by another server is found when a flow names it (the registry syncs before refusing)", async () => {
    const source = flow("greet_elsewhere", `    name: x\n`).replace(/acme\.tasks\.Greet/g, "acme.tasks.Elsewhere");
    expect(parseFlowCached(source).ok).toBe(false);
    // Written straight to the database, as another server's save would.
    const row = await t.deps.db.taskManifest.create({
      data: {
        type: "acme.tasks.Elsewhere",
        revision: 1,
        source: GREET.replace("acme.tasks.Greet", "acme.tasks.Elsewhere"),
      },
    });
    expect(row.type).toBe("acme.tasks.Elsewhere");
    expect((await parseWithManifests(t.deps.db, source)).ok).toBe(true);
  });
});
