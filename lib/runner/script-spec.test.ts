import { describe, expect, it } from "vitest";
import { pythonTasks } from "../flow/task-types/python";
import { shellTasks } from "../flow/task-types/shell";
import { buildContainerSpec, WORKING_DIR } from "./script-spec";

const python = pythonTasks[0].language;
const shell = shellTasks[0].language;

describe("buildContainerSpec", () => {
  it("writes a Python script to a file and runs it after set -e and beforeCommands", () => {
    const spec = buildContainerSpec({ script: "print(1)", beforeCommands: ["echo prep"] }, python, "osprey/python");
    expect(spec.files).toEqual([{ path: "main.py", content: "print(1)" }]);
    expect(spec.cmd).toEqual(["/bin/sh", "-c", `set -e\necho prep\npython "${WORKING_DIR}/main.py"`]);
    expect(spec.entrypoint).toEqual([""]);
    expect(spec.image).toBe("osprey/python");
    expect(spec.pullPolicy).toBe("IF_NOT_PRESENT");
    expect(spec.env).toMatchObject({ PYTHONUNBUFFERED: "1", WORKING_DIR });
  });

  it("runs a shell Script's text itself and honours docker options and failFast: false", () => {
    const spec = buildContainerSpec(
      {
        script: "echo hi",
        failFast: false,
        interpreter: ["/bin/bash", "-c"],
        docker: { image: "debian:12", pullPolicy: "NEVER", entryPoint: ["/entry"], user: "1000" },
        env: { A: "b" },
      },
      shell,
      "osprey/shell",
    );
    expect(spec.files).toEqual([]);
    expect(spec.cmd).toEqual(["/bin/bash", "-c", "echo hi"]);
    expect(spec).toMatchObject({ image: "debian:12", pullPolicy: "NEVER", entrypoint: ["/entry"], user: "1000" });
    expect(spec.env.A).toBe("b");
  });

  it("joins Commands one per line", () => {
    expect(buildContainerSpec({ commands: ["a", "b"] }, shell, "x").cmd[2]).toBe("set -e\na\nb");
  });
});
