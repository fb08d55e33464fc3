import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "./json-schema";
import { TASK_TYPES } from "./task-types";

type Schema = Record<string, unknown>;

function taskVariants(schema: Schema): Schema[] {
  const tasks = (schema.properties as Record<string, Schema>).tasks;
  const items = tasks.items as Schema;
  return (items.anyOf ?? items.oneOf) as Schema[];
}

describe("flowJsonSchema", () => {
  const schema = flowJsonSchema();

  it("is a draft-7 schema for the flow's top level", () => {
    expect(schema.$schema).toContain("draft-07");
    expect(schema.required).toEqual(expect.arrayContaining(["id", "namespace", "tasks"]));
  });

  it("offers every task type as a const of a variant", () => {
    const types = taskVariants(schema).map((v) => ((v.properties as Record<string, Schema>).type as Schema).const);
    expect(types.sort()).toEqual([...TASK_TYPES].sort());
  });

  it("describes runner and every docker property on script tasks", () => {
    const script = taskVariants(schema).find(
      (v) => ((v.properties as Record<string, Schema>).type as Schema).const === "io.kestra.plugin.scripts.python.Script",
    )!;
    const props = script.properties as Record<string, Schema>;
    expect(props.runner.enum).toEqual(["DOCKER", "PROCESS"]);
    expect(props.runner.description).toBeTruthy();
    const docker = props.docker;
    const dockerProps = docker.properties as Record<string, Schema>;
    const dockerKeys = ["image", "pullPolicy", "credentials", "config", "entryPoint", "user", "env", "networkMode", "extraHosts", "portBindings", "cpu", "memory", "shmSize", "privileged", "volumes", "deviceRequests", "host", "delete", "killGracePeriod", "resume"];
    for (const key of dockerKeys) expect(dockerProps[key]?.description, `docker.${key}`).toBeTruthy();
    const credentials = dockerProps.credentials.properties as Record<string, Schema>;
    for (const key of ["registry", "username", "password", "registryToken", "identityToken", "auth"]) expect(credentials[key]?.description, key).toBeTruthy();
    expect(Object.keys((dockerProps.memory.properties as Record<string, Schema>))).toEqual(expect.arrayContaining(["memory", "memorySwap", "memoryReservation"]));
    expect(Object.keys((dockerProps.cpu.properties as Record<string, Schema>))).toEqual(["cpus"]);
    for (const key of ["script", "beforeCommands", "interpreter", "env", "inputFiles", "outputFiles", "warningOnStdErr", "timeout", "allowFailure", "retry", "containerImage", "taskRunner", "failFast"]) {
      expect(props[key]?.description, key).toBeTruthy();
    }
    // A Docker taskRunner offers the same properties as docker:.
    const runners = (props.taskRunner.anyOf ?? props.taskRunner.oneOf) as Schema[];
    const dockerRunner = runners.find((r) => ((r.properties as Record<string, Schema>).type as Schema).const === "io.kestra.plugin.scripts.runner.docker.Docker")!;
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
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.shell.Commands\n    allowFailure: \"{{ inputs.lenient }}\"\n    docker:\n      image: x\n      cpu: {cpus: \"{{ inputs.cpus }}\"}\n      privileged: false\n    commands: [ls]\n",
    );
    expect(r.ok).toBe(true);
  });
});
