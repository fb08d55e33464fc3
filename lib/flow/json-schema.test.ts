import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "./json-schema";
import { TASK_TYPES } from "./task-types";

type Schema = Record<string, unknown>;

/** A variant's type name: its `const`, or the first of `enum` when it has old names too. */
function typeOf(variant: Schema): unknown {
  const type = (variant.properties as Record<string, Schema>).type;
  return type.const ?? (type.enum as unknown[] | undefined)?.[0];
}

function taskVariants(schema: Schema): Schema[] {
  const tasks = (schema.properties as Record<string, Schema>).tasks;
  let items = tasks.items as Schema;
  const ref = items.$ref as string | undefined;
  if (ref) items = (schema.definitions as Record<string, Schema>)[ref.replace("#/definitions/", "")];
  return (items.anyOf ?? items.oneOf) as Schema[];
}

describe("flowJsonSchema", () => {
  const schema = flowJsonSchema();

  it("is a draft-7 schema for the flow's top level", () => {
    expect(schema.$schema).toContain("draft-07");
    expect(schema.required).toEqual(expect.arrayContaining(["id", "namespace", "tasks"]));
  });

  it("offers every task type as a const of a variant", () => {
    const types = taskVariants(schema).map((v) => typeOf(v));
    expect(types.sort()).toEqual([...TASK_TYPES].sort());
  });

  it("accepts a type's old names in the editor too, and the palette still lists each type once", async () => {
    const { taskTypes } = await import("../../components/flow-editor/task-schema");
    const log = taskVariants(schema).find((v) => typeOf(v) === "io.kestra.plugin.core.log.Log")!;
    expect(((log.properties as Record<string, Schema>).type as Schema).enum).toEqual([
      "io.kestra.plugin.core.log.Log",
      "io.kestra.core.tasks.log.Log",
    ]);
    const listed = taskTypes(schema as never).map((t) => t.type);
    expect([...listed].sort()).toEqual([...TASK_TYPES].sort());
    expect(taskTypes(schema as never).find((t) => t.type === "io.kestra.plugin.core.flow.Switch")?.title).toBe(
      "Switch",
    );
  });

  it("gives every task type a title and a description, as the palette shows them", () => {
    for (const v of taskVariants(schema)) {
      const type = typeOf(v);
      expect(v.title, String(type)).toBeTruthy();
      expect(v.description, String(type)).toBeTruthy();
    }
  });

  it("lets flowables hold tasks of any type through one recursive definition", () => {
    const variant = (t: string) => taskVariants(schema).find((v) => typeOf(v) === t)!;
    const childRef = (s: Schema) => JSON.stringify(s).includes('"$ref":"#/definitions/task"');
    const seq = variant("io.kestra.plugin.core.flow.Sequential").properties as Record<string, Schema>;
    for (const key of ["tasks", "errors", "finally"]) expect(childRef(seq[key]), key).toBe(true);
    const sw = variant("io.kestra.plugin.core.flow.Switch").properties as Record<string, Schema>;
    expect(childRef(sw.cases)).toBe(true);
    const top = schema.properties as Record<string, Schema>;
    for (const key of ["errors", "finally", "afterExecution"]) expect(childRef(top[key]), key).toBe(true);
  });

  it("offers every top-level key of a Kestra flow", () => {
    const keys = Object.keys(schema.properties as object);
    for (const key of [
      "variables",
      "labels",
      "errors",
      "finally",
      "afterExecution",
      "triggers",
      "pluginDefaults",
      "taskDefaults",
      "concurrency",
      "outputs",
      "retry",
      "disabled",
      "revision",
      "sla",
      "checks",
    ]) {
      expect(keys, key).toContain(key);
    }
    expect(schema.additionalProperties).toBe(false);
  });

  it("describes runner and every docker property on script tasks", () => {
    const script = taskVariants(schema).find((v) => typeOf(v) === "io.kestra.plugin.scripts.python.Script")!;
    const props = script.properties as Record<string, Schema>;
    expect(props.runner.enum).toEqual(["DOCKER", "PROCESS"]);
    expect(props.runner.description).toBeTruthy();
    const docker = props.docker;
    const dockerProps = docker.properties as Record<string, Schema>;
    const dockerKeys = [
      "image",
      "pullPolicy",
      "credentials",
      "config",
      "entryPoint",
      "user",
      "env",
      "networkMode",
      "extraHosts",
      "portBindings",
      "cpu",
      "memory",
      "shmSize",
      "privileged",
      "volumes",
      "deviceRequests",
      "host",
      "delete",
      "killGracePeriod",
      "resume",
    ];
    for (const key of dockerKeys) expect(dockerProps[key]?.description, `docker.${key}`).toBeTruthy();
    const credentials = dockerProps.credentials.properties as Record<string, Schema>;
    for (const key of ["registry", "username", "password", "registryToken", "identityToken", "auth"])
      expect(credentials[key]?.description, key).toBeTruthy();
    expect(Object.keys(dockerProps.memory.properties as Record<string, Schema>)).toEqual(
      expect.arrayContaining(["memory", "memorySwap", "memoryReservation"]),
    );
    expect(Object.keys(dockerProps.cpu.properties as Record<string, Schema>)).toEqual(["cpus"]);
    for (const key of [
      "script",
      "beforeCommands",
      "interpreter",
      "env",
      "inputFiles",
      "outputFiles",
      "warningOnStdErr",
      "timeout",
      "allowFailure",
      "retry",
      "containerImage",
      "taskRunner",
      "failFast",
    ]) {
      expect(props[key]?.description, key).toBeTruthy();
    }
    // A Docker taskRunner offers the same properties as docker:.
    const runners = (props.taskRunner.anyOf ?? props.taskRunner.oneOf) as Schema[];
    const dockerRunner = runners.find(
      (r) =>
        ((r.properties as Record<string, Schema>).type as Schema).const ===
        "io.kestra.plugin.scripts.runner.docker.Docker",
    )!;
    expect(Object.keys(dockerRunner.properties as object)).toEqual(expect.arrayContaining(["type", ...dockerKeys]));
    expect(dockerProps.pullPolicy.enum).toEqual(["IF_NOT_PRESENT", "ALWAYS", "NEVER"]);
    expect(docker.required).toEqual(["image"]);
    expect(script.additionalProperties).toBe(false);
  });
});

describe("templated values validate", () => {
  it("accepts {{ expressions }} where numbers and booleans are expected", async () => {
    const { parseFlow } = await import("./parse-flow");
    const r = parseFlow(
      'id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.shell.Commands\n    allowFailure: "{{ inputs.lenient }}"\n    docker:\n      image: x\n      cpu: {cpus: "{{ inputs.cpus }}"}\n      privileged: false\n    commands: [ls]\n',
    );
    expect(r.ok).toBe(true);
  });
});
