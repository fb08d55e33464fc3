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
    for (const key of ["image", "pullPolicy", "entryPoint", "user"]) {
      expect(dockerProps[key]?.description, key).toBeTruthy();
    }
    expect(dockerProps.pullPolicy.enum).toEqual(["IF_NOT_PRESENT", "ALWAYS", "NEVER"]);
    expect(docker.required).toEqual(["image"]);
    expect(script.additionalProperties).toBe(false);
  });
});
