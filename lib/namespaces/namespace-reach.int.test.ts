import { State } from "../states/states";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";
import { resumeExecution } from "../executions/resume-execution";
import { TRIGGER_TYPES } from "../flow/flow-parts";
import { TASK_DEFINITIONS } from "../flow/task-types";
import { TRIGGER_SCHEMAS_BY_TYPE } from "../flow/trigger-schemas";
import { SCHEDULE_TYPE, ZScheduleTrigger } from "../flow/trigger-types";
import { saveFlow } from "../flows/save-flow";
import { getKv } from "../kv/kv-store";
import { NamespaceFiles } from "../namespace-files/namespace-files";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { CONDITION_SCHEMAS } from "../flow/condition-schema";
import { setAllowedNamespaces } from "./allowed-namespaces";

// The twin of e2e/route-guard.spec.ts, for what a flow does on its own: every task type, trigger
// type, condition and expression function that names a namespace (or an execution or flow, which
// live in one) is found in the schemas on disk and must have a case below, so a new one cannot slip
// past. Each case proves that a flow of FROM is refused TARGET, a sibling, in a way that tells
// nothing of TARGET: the same answer whether the thing it names exists there or not, as a missing
// flow, execution or trigger answers (for a KV store or namespace files, which a task names only by
// namespace, a refusal naming that namespace alone), with nothing in TARGET changed.
const t = useTestExecutor();
const FROM = "reach.team.a";
const TARGET = "reach.team.b";

/** Property names that name a namespace, or a flow or execution, which live in one. */
const NAMING = /^(namespace|namespaces|flowId|executionId)$/;

type JsonSchema = { [key: string]: unknown };

/** Paths of the naming properties of a zod schema, read from its JSON schema (nested tasks are their own types). */
function namingPaths(schema: z.ZodType): string[] {
  const root = z.toJSONSchema(schema, { target: "draft-7", unrepresentable: "any", io: "input" }) as JsonSchema;
  const defs = (root.definitions ?? root.$defs ?? {}) as Record<string, JsonSchema>;
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (s: unknown, path: string): void => {
    if (!s || typeof s !== "object") return;
    const node = s as JsonSchema;
    if (typeof node.$ref === "string") {
      const name = node.$ref.split("/").at(-1)!;
      if (name !== "task" && !seen.has(name)) seen.add(name), walk(defs[name], path);
      return;
    }
    for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      if (NAMING.test(key)) found.add(at);
      walk(value, at);
    }
    if (node.items) walk(node.items, `${path}[]`);
    for (const key of ["anyOf", "oneOf", "allOf"]) for (const v of (node[key] ?? []) as unknown[]) walk(v, path);
    if (typeof node.additionalProperties === "object") walk(node.additionalProperties, `${path}.*`);
  };
  walk(root, "");
  return [...found].sort();
}

/** Expression functions with a `namespace` argument, read from the renderer's source as the route guard reads routes. */
function functionsNamingANamespace(): string[] {
  const source = readFileSync("lib/template/render.ts", "utf8");
  return [...source.matchAll(/(\w+): \{\s*argumentNames: \[([^\]]*)\]/g)]
    .filter((m) => /"namespace"/.test(m[2]))
    .map((m) => m[1])
    .sort();
}

/** Everything on disk that names a namespace: `task <type>`, `trigger <type>`, `condition <name>`, `function <name>` → its naming paths. */
function namingOnDisk(): Record<string, string[]> {
  const triggers: Record<string, z.ZodType> = { [SCHEDULE_TYPE]: ZScheduleTrigger, ...TRIGGER_SCHEMAS_BY_TYPE };
  expect(Object.keys(triggers).sort(), "every trigger type has a schema here").toEqual([...TRIGGER_TYPES].sort());
  const entries: [string, string[]][] = [
    ...TASK_DEFINITIONS.map((d): [string, string[]] => [`task ${d.type}`, namingPaths(d.schema)]),
    ...Object.entries(triggers).map(([type, schema]): [string, string[]] => [`trigger ${type}`, namingPaths(schema)]),
    ...Object.entries(CONDITION_SCHEMAS).map(([name, schema]): [string, string[]] => [
      `condition ${name}`,
      namingPaths(schema as z.ZodType),
    ]),
    ...functionsNamingANamespace().map((name): [string, string[]] => [`function ${name}`, ["namespace"]]),
  ];
  return Object.fromEntries(entries.filter(([, paths]) => paths.length > 0));
}

/**
 * A task run in a flow of FROM: `probe(ns, name)` gives its tasks (the one checked has id `probe`),
 * naming `name` in `ns`. `present` names what exists in TARGET, `absent` what does not (as long,
 * so that an expression's error points at the same column).
 */
interface TaskCase {
  kind: "task";
  paths: string[];
  /** "not found": answers exactly as for a missing flow/execution/trigger; "namespace": a refusal naming only the namespace. */
  refusal: "not found" | "namespace";
  probe: (ns: string, name: string) => string;
  present: string;
  absent: string;
  /** The error (its text, or a part of it for "namespace" refusals). */
  expected: (ns: string, name: string) => string;
  /** Nothing in TARGET changed. */
  untouched?: () => Promise<void>;
}
/** A Flow trigger form in a listener: it must never hear TARGET's executions. */
interface ListenerCase {
  kind: "listener";
  paths: string[];
  forms: Record<string, (target: string) => string>;
}
/** A property with a naming name that names nothing: its schema refuses a namespace. */
interface FlagCase {
  kind: "flag";
  paths: string[];
  why: string;
}
type Case = TaskCase | ListenerCase | FlagCase;

let pausedId = "";
const childRuns = () => t.deps.db.execution.count({ where: { namespace: TARGET, flowId: "child" } });
const task = (yaml: string) => `  - id: probe\n${yaml.replace(/^/gm, "    ")}\n`;
const notFoundFlow = (ns: string, name: string) => `flow ${ns}.${name} not found`;
const kvRefused = (ns: string) =>
  `Cannot access the KV store. Access to '${ns}' namespace is not allowed from '${FROM}'.`;
const filesRefused = (ns: string) => `the files of namespace ${ns} are out of reach of a flow of ${FROM}`;
const kvUntouched = async () => {
  expect((await getKv(t.deps.db, TARGET, "kept"))?.value).toBe("v");
  expect(await getKv(t.deps.db, TARGET, "nope")).toBeNull();
};
const kvCase = (yaml: (ns: string, name: string) => string): TaskCase => ({
  kind: "task",
  paths: ["namespace"],
  refusal: "namespace",
  present: "kept",
  absent: "nope",
  probe: (ns, name) => task(yaml(ns, name)),
  expected: kvRefused,
  untouched: kvUntouched,
});
const filesCase = (yaml: (ns: string, name: string) => string): TaskCase => ({
  kind: "task",
  paths: ["namespaceFiles.namespaces"],
  refusal: "namespace",
  present: "note.txt",
  absent: "nope.txt",
  probe: (ns, name) => task(yaml(ns, name)),
  expected: filesRefused,
});
const scriptCase = (type: string): [string, Case] => [
  `task ${type}`,
  filesCase(
    (ns, name) =>
      `type: ${type}\nnamespaceFiles: {namespaces: [${ns}], include: [${name}]}\n${type.endsWith(".Script") ? `script: "print(1)"` : `commands: ["cat ${name}"]`}`,
  ),
];
const flowCondition = (ns: string) =>
  `{type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: ${ns}, flowId: upstream}`;

/** A plugin task reporting on an execution (Slack, Teams… and mail `*Execution`): one of TARGET reads as missing. */
const executionReport = (type: string, extra = ""): [string, Case] => [
  `task ${type}`,
  {
    kind: "task",
    paths: ["executionId"],
    refusal: "not found",
    get present() {
      return pausedId;
    },
    absent: "no-such-execution",
    probe: (_ns, name) => task(`type: ${type}\n${extra}executionId: ${name}`),
    expected: (_ns, name) => `execution ${name} not found in namespace ${FROM}`,
  },
];
const WEBHOOK = "url: http://127.0.0.1:9/hook\n";
/** A purge naming TARGET: refused by namespace, and TARGET's executions and keys are all still there. */
const purgeCase = (type: string, paths: string[], extra = ""): [string, Case] => [
  `task ${type}`,
  {
    kind: "task",
    paths,
    refusal: "namespace",
    present: "pause",
    absent: "nope",
    probe: (ns, name) =>
      task(`type: ${type}\nnamespace: ${ns}\nflowId: ${name}\n${extra}endDate: "2999-01-01T00:00:00Z"`),
    expected: (ns) => `the executions of namespace ${ns} are out of reach of a flow of ${FROM}`,
    untouched: async () => expect(await t.deps.db.execution.count({ where: { id: pausedId } })).toBe(1),
  },
];

const CASES: Record<string, Case> = {
  ...Object.fromEntries([
    purgeCase("io.kestra.plugin.core.execution.PurgeExecutions", ["flowId", "namespace"]),
    purgeCase("io.kestra.plugin.core.log.PurgeLogs", ["executionId", "flowId", "namespace"]),
  ]),
  "task io.kestra.plugin.core.kv.PurgeKV": {
    ...kvCase(
      (ns, name) =>
        `type: io.kestra.plugin.core.kv.PurgeKV\nnamespaces: [${ns}]\nkeyPattern: ${name}\nbehavior: {type: key, expiredOnly: false}`,
    ),
    paths: ["namespaces"],
  },
  ...Object.fromEntries([
    executionReport("io.kestra.plugin.slack.notifications.SlackExecution", WEBHOOK),
    executionReport("io.kestra.plugin.microsoft365.teams.TeamsExecution", WEBHOOK),
    executionReport("io.kestra.plugin.discord.DiscordExecution", WEBHOOK),
    executionReport("io.kestra.plugin.googleworkspace.chat.GoogleChatExecution", WEBHOOK),
    executionReport("io.kestra.plugin.zulip.ZulipExecution", WEBHOOK),
    executionReport("io.kestra.plugin.squadcast.SquadcastExecution", WEBHOOK),
    executionReport("io.kestra.plugin.meta.whatsapp.WhatsAppExecution", WEBHOOK),
    executionReport("io.kestra.plugin.telegram.TelegramExecution", "token: t\nchannel: c\n"),
    executionReport("io.kestra.plugin.email.MailExecution", "host: 127.0.0.1\nfrom: a@b.io\nto: c@d.io\n"),
  ]),
  "task io.kestra.plugin.core.flow.Subflow": {
    kind: "task",
    paths: ["flowId", "namespace"],
    refusal: "not found",
    present: "child",
    absent: "nope",
    probe: (ns, name) =>
      task(`type: io.kestra.plugin.core.flow.Subflow\nnamespace: ${ns}\nflowId: ${name}\ninputs: {who: intruder}`),
    expected: notFoundFlow,
    untouched: async () => expect(await childRuns()).toBe(0),
  },
  "task io.kestra.plugin.core.flow.ForEachItem": {
    kind: "task",
    paths: ["flowId", "namespace"],
    refusal: "not found",
    present: "child",
    absent: "nope",
    probe: (ns, name) =>
      `  - {id: rows, type: io.kestra.plugin.core.storage.Write, content: "1"}\n${task(`type: io.kestra.plugin.core.flow.ForEachItem\nitems: "{{ outputs.rows.uri }}"\nnamespace: ${ns}\nflowId: ${name}`)}`,
    expected: notFoundFlow,
    untouched: async () => expect(await childRuns()).toBe(0),
  },
  "task io.kestra.plugin.core.execution.Resume": {
    kind: "task",
    paths: ["executionId", "flowId", "namespace"],
    refusal: "not found",
    get present() {
      return pausedId;
    },
    absent: "no-such-execution",
    probe: (ns, name) =>
      task(
        `type: io.kestra.plugin.core.execution.Resume\nnamespace: ${ns}\nflowId: pause\nexecutionId: ${name}\ninputs: {who: intruder}`,
      ),
    expected: (_ns, name) => `No execution found for execution id ${name}`,
    untouched: async () => expect((await getExecution(t.deps.db, pausedId)).state).toBe("PAUSED"),
  },
  "task io.kestra.plugin.core.trigger.Toggle": {
    kind: "task",
    paths: ["flowId", "namespace"],
    refusal: "not found",
    present: "scheduled",
    absent: "nope",
    probe: (ns, name) =>
      task(`type: io.kestra.plugin.core.trigger.Toggle\nnamespace: ${ns}\nflowId: ${name}\ntrigger: schedule`),
    expected: (ns, name) =>
      `Unable to find flow ${ns}.${name}. Make sure the flow exists and the current execution is authorized to access it.`,
    untouched: async () =>
      expect(
        (await t.deps.db.trigger.findFirstOrThrow({ where: { namespace: TARGET, flowId: "scheduled" } })).disabled,
      ).toBe(false),
  },
  "task io.kestra.plugin.core.log.Fetch": {
    kind: "task",
    paths: ["executionId", "flowId", "namespace"],
    refusal: "not found",
    get present() {
      return pausedId;
    },
    absent: "no-such-execution",
    probe: (ns, name) =>
      task(`type: io.kestra.plugin.core.log.Fetch\nnamespace: ${ns}\nflowId: pause\nexecutionId: ${name}`),
    expected: (_ns, name) => `execution ${name} not found in namespace ${FROM}`,
  },
  "task io.kestra.plugin.core.kv.Set": kvCase(
    (ns, name) => `type: io.kestra.plugin.core.kv.Set\nnamespace: ${ns}\nkey: ${name}\nvalue: intruder`,
  ),
  "task io.kestra.plugin.core.kv.Put": kvCase(
    (ns, name) => `type: io.kestra.plugin.core.kv.Put\nnamespace: ${ns}\nkey: ${name}\nvalue: {planted: intruder}`,
  ),
  "task io.kestra.plugin.core.kv.Get": kvCase(
    (ns, name) => `type: io.kestra.plugin.core.kv.Get\nnamespace: ${ns}\nkey: ${name}\nerrorOnMissing: true`,
  ),
  "task io.kestra.plugin.core.kv.Delete": kvCase(
    (ns, name) => `type: io.kestra.plugin.core.kv.Delete\nnamespace: ${ns}\nkey: ${name}`,
  ),
  "task io.kestra.plugin.core.kv.GetKeys": kvCase(
    (ns, name) => `type: io.kestra.plugin.core.kv.GetKeys\nnamespace: ${ns}\nprefix: ${name}`,
  ),
  "function kv": kvCase(
    (ns, name) => `type: io.kestra.plugin.core.debug.Return\nformat: "{{ kv('${name}', '${ns}') }}"`,
  ),
  "function read": {
    ...filesCase(
      (ns, name) => `type: io.kestra.plugin.core.debug.Return\nformat: "{{ read('${name}', namespace='${ns}') }}"`,
    ),
    paths: ["namespace"],
  },
  "task io.kestra.plugin.core.flow.WorkingDirectory": filesCase(
    (ns, name) =>
      `type: io.kestra.plugin.core.flow.WorkingDirectory\nnamespaceFiles: {namespaces: [${ns}], include: [${name}]}\ntasks:\n  - {id: inside, type: io.kestra.plugin.core.log.Log, message: hi}`,
  ),
  ...Object.fromEntries(
    ["python", "node", "r", "julia", "shell"].flatMap((lang) => [
      scriptCase(`io.kestra.plugin.scripts.${lang}.Script`),
      scriptCase(`io.kestra.plugin.scripts.${lang}.Commands`),
    ]),
  ),
  // The CLI plugins are script tasks in their vendor's image: namespace files are refused before any pull.
  ...Object.fromEntries(
    [
      "io.kestra.plugin.ansible.cli.AnsibleCLI",
      "io.kestra.plugin.aws.cli.AwsCLI",
      "io.kestra.plugin.azure.cli.AzCLI",
      "io.kestra.plugin.dbt.cli.DbtCLI",
      "io.kestra.plugin.gcp.cli.GCloudCLI",
      "io.kestra.plugin.terraform.cli.TerraformCLI",
    ].map(scriptCase),
  ),
  "task io.kestra.plugin.git.SyncNamespaceFiles": {
    ...filesCase(
      (ns, name) =>
        `type: io.kestra.plugin.git.SyncNamespaceFiles\nurl: http://127.0.0.1:9/repo.git\nnamespace: ${ns}\ngitDirectory: ${name}\ndelete: true`,
    ),
    paths: ["namespace"],
  },
  "task io.kestra.plugin.git.PushNamespaceFiles": {
    ...filesCase(
      (ns, name) =>
        `type: io.kestra.plugin.git.PushNamespaceFiles\nurl: http://127.0.0.1:9/repo.git\nnamespace: ${ns}\nfiles: [${name}]`,
    ),
    paths: ["namespace"],
  },
  "task io.kestra.plugin.docker.Run": filesCase(
    (ns, name) =>
      `type: io.kestra.plugin.docker.Run\ncontainerImage: osprey/shell:latest\nnamespaceFiles: {namespaces: [${ns}], include: [${name}]}\ncommands: [cat, ${name}]`,
  ),
  "task io.kestra.plugin.docker.Compose": filesCase(
    (ns, name) =>
      `type: io.kestra.plugin.docker.Compose\ncomposeFile: "services: {a: {image: 'osprey/shell:latest', command: ['cat', '${name}']}}"\ncomposeArgs: [config]\nnamespaceFiles: {namespaces: [${ns}], include: [${name}]}`,
  ),
  ...Object.fromEntries(
    ["Set", "Get", "Delete"].map((verb): [string, Case] => [
      `task io.kestra.plugin.core.state.${verb}`,
      {
        kind: "flag",
        paths: ["namespace"],
        why: "shares the state with the flow's own namespace: a flag, never a namespace's name",
      },
    ]),
  ),
  "trigger io.kestra.plugin.core.trigger.Flow": {
    kind: "listener",
    paths: ["preconditions.flows[].flowId", "preconditions.flows[].namespace"],
    forms: {
      unconditional: () => "",
      upstream_flows: (ns) =>
        `    preconditions:\n      id: up\n      flows:\n        - {namespace: ${ns}, flowId: upstream}\n`,
      where_namespace: (ns) =>
        `    preconditions:\n      id: up\n      where:\n        - id: ns\n          filters:\n            - {field: NAMESPACE, type: EQUAL_TO, value: ${ns}}\n`,
      expression: (ns) =>
        `    conditions:\n      - {type: io.kestra.plugin.core.condition.Expression, expression: "{{ trigger.namespace == '${ns}' }}"}\n`,
    },
  },
  "condition ExecutionFlow": {
    kind: "listener",
    paths: ["flowId", "namespace"],
    forms: {
      flow: (ns) => `    conditions:\n      - ${flowCondition(ns)}\n`,
      flow_or: (ns) =>
        `    conditions:\n      - {type: io.kestra.plugin.core.condition.Or, conditions: [${flowCondition(ns)}]}\n`,
      flow_multiple: (ns) =>
        `    conditions:\n      - {type: io.kestra.plugin.core.condition.MultipleCondition, id: m, conditions: {up: ${flowCondition(ns)}}}\n`,
    },
  },
  "condition ExecutionNamespace": {
    kind: "listener",
    paths: ["namespace"],
    forms: {
      namespace: (ns) =>
        `    conditions:\n      - {type: io.kestra.plugin.core.condition.ExecutionNamespace, namespace: ${ns}}\n`,
      namespace_prefix: (ns) =>
        `    conditions:\n      - {type: io.kestra.plugin.core.condition.ExecutionNamespace, namespace: ${ns.split(".")[0]}, comparison: PREFIX}\n`,
      namespace_not: () =>
        `    conditions:\n      - {type: io.kestra.plugin.core.condition.Not, conditions: [{type: io.kestra.plugin.core.condition.ExecutionNamespace, namespace: ${FROM}}]}\n`,
    },
  },
};

const allow = (target: string, ...allowed: string[]) =>
  setAllowedNamespaces(t.deps.db, { email: "admin@x.test" }, target, {
    allowedNamespaces: allowed.map((namespace) => ({ namespace })),
  });
const flowIdOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");

/** Runs the probe in a flow of `from`; the probe task run's state and error. */
async function probeIn(from: string, key: string, tasks: string) {
  const { execution } = await runFlow(t.deps, `id: ${flowIdOf(key)}\nnamespace: ${from}\ntasks:\n${tasks}`, t.executor);
  const run = execution.taskRuns.find((r) => r.taskId === "probe");
  return { state: run?.state, error: run?.error ?? "" };
}

beforeAll(async () => {
  const save = (yaml: string) => saveFlow(t.deps.db, yaml, { create: true });
  await save(
    `id: child\nnamespace: ${TARGET}\ntasks:\n  - {id: r, type: io.kestra.plugin.core.debug.Return, format: hi}\n`,
  );
  await save(`id: pause\nnamespace: ${TARGET}\ntasks:\n  - {id: wait, type: io.kestra.plugin.core.flow.Pause}\n`);
  await save(
    `id: scheduled\nnamespace: ${TARGET}\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: m}\ntriggers:\n  - {id: schedule, type: io.kestra.plugin.core.trigger.Schedule, cron: "0 0 1 1 *"}\n`,
  );
  await t.deps.db.kvEntry.create({
    data: { namespace: TARGET, key: "kept", type: "STRING", value: JSON.stringify("v") },
  });
  await new NamespaceFiles(t.deps.storage, TARGET, t.deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).write(
    "note.txt",
    "team b's note",
  );
  pausedId = (await createExecution(t.deps.db, TARGET, "pause")).id;
  t.executor.wake();
  for (let i = 0; (await getExecution(t.deps.db, pausedId)).state !== "PAUSED"; i++) {
    if (i > 400) throw new Error(`execution ${pausedId} did not pause`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

describe(`a flow of ${FROM} reaches nothing of ${TARGET} through anything that names a namespace`, () => {
  it("the table names exactly what names a namespace on disk, with the same properties", () => {
    const table = Object.fromEntries(Object.entries(CASES).map(([key, c]) => [key, [...c.paths].sort()]));
    expect(namingOnDisk()).toEqual(table);
  });

  for (const [key, c] of Object.entries(CASES)) {
    if (c.kind !== "task") continue;
    it(`${key}: refused, the same whether or not the thing it names exists`, async () => {
      const present = await probeIn(FROM, `${key} present`, c.probe(TARGET, c.present));
      const absent = await probeIn(FROM, `${key} absent`, c.probe(TARGET, c.absent));
      expect(present.state).toBe(State.FAILED);
      expect(absent.state).toBe(State.FAILED);
      // Nothing tells the two apart but the name the flow gave.
      expect(present.error.replaceAll(c.present, "<name>")).toBe(absent.error.replaceAll(c.absent, "<name>"));
      if (c.refusal === "not found") {
        expect(present.error).toBe(c.expected(TARGET, c.present));
        // …and it is what the task answers for a missing thing in the flow's own namespace.
        expect((await probeIn(FROM, `${key} own`, c.probe(FROM, c.absent))).error).toBe(c.expected(FROM, c.absent));
      } else {
        expect(present.error).toContain(c.expected(TARGET, c.present));
      }
      await c.untouched?.();
    });
  }

  it("properties named like a namespace that name none (state.*: `namespace` is a flag) refuse a namespace's name", () => {
    for (const [key, c] of Object.entries(CASES)) {
      if (c.kind !== "flag") continue;
      const type = key.replace(/^task /, "");
      const schema = TASK_DEFINITIONS.find((d) => d.type === type)!.schema;
      expect(schema.safeParse({ id: "x", type, namespace: TARGET }).success, `${key}: ${c.why}`).toBe(false);
      expect(schema.safeParse({ id: "x", type, namespace: true }).success, key).toBe(true);
    }
  });

  it("a Flow trigger in any of its forms never hears an execution of TARGET (nor keeps a window of it); allowed, each form does", async () => {
    // The executor is idle (every trigger evaluated) only once the paused execution has ended.
    if ((await getExecution(t.deps.db, pausedId)).state === "PAUSED") await resumeExecution(t.deps.db, pausedId, {});
    t.executor.wake();
    await waitForEnd(t.deps, pausedId);
    // Each listener in a namespace of its own, so that no listener hears another's runs.
    const listeners = Object.entries(CASES)
      .flatMap(([, c]) => (c.kind === "listener" ? Object.entries(c.forms) : []))
      .map(([form, trigger]) => ({ form, namespace: `reach.listen.${form}`, trigger: trigger(TARGET) }));
    for (const l of listeners) {
      await saveFlow(
        t.deps.db,
        `id: ${l.form}\nnamespace: ${l.namespace}\ntasks:\n  - {id: say, type: io.kestra.plugin.core.log.Log, message: "{{ trigger.executionId }}"}\ntriggers:\n  - id: listen\n    type: io.kestra.plugin.core.trigger.Flow\n${l.trigger}`,
        { create: true },
      );
    }
    await saveFlow(
      t.deps.db,
      `id: upstream\nnamespace: ${TARGET}\ntasks:\n  - {id: r, type: io.kestra.plugin.core.debug.Return, format: hi}\n`,
      { create: true },
    );
    const upstreamEnds = async () => {
      await waitForEnd(t.deps, (await createExecution(t.deps.db, TARGET, "upstream")).id);
      // Bounded: listeners that hear what they should not may keep starting each other.
      await Promise.race([t.executor.idle(), new Promise((r) => setTimeout(r, 15_000))]);
    };
    const heard = async () =>
      Object.fromEntries(
        await Promise.all(
          listeners.map(async (l) => [
            l.form,
            await t.deps.db.execution.count({ where: { namespace: l.namespace, flowId: l.form } }),
          ]),
        ),
      );
    const none = Object.fromEntries(listeners.map((l) => [l.form, 0]));

    await upstreamEnds();
    expect(await heard()).toEqual(none);
    expect(await t.deps.db.triggerWindow.count({ where: { namespace: { startsWith: "reach.listen." } } })).toBe(0);

    // The forms are sound: with TARGET's allowance every one of them fires, once.
    await allow(TARGET, "reach.listen");
    await upstreamEnds();
    expect(await heard()).toEqual(Object.fromEntries(listeners.map((l) => [l.form, 1])));
    await allow(TARGET);
  });
});
