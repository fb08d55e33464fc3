import { describe, expect, it } from "vitest";
import { pythonTasks } from "../flow/task-types/python";
import { shellTasks } from "../flow/task-types/shell";
import { lockedPolicy, openPolicy } from "../testing/policy-fixture";
import { PolicyError } from "./container-policy";
import { buildContainerSpec, OUTPUT_DIR, WORKING_DIR } from "./script-spec";

const python = pythonTasks[0].language;
const shell = shellTasks[0].language;
const locked = lockedPolicy();
const open = openPolicy();

describe("buildContainerSpec", () => {
  it("writes a Python script to a file and runs it after set -e and beforeCommands", () => {
    const spec = buildContainerSpec(
      { script: "print(1)", beforeCommands: ["echo prep"] },
      python,
      "osprey/python",
      locked,
    );
    // A small script is written by the shell (a quoted here-document), not copied in as an archive.
    expect(spec.files).toEqual([]);
    expect(spec.cmd).toEqual([
      "/bin/sh",
      "-c",
      `set -e\necho prep\ncat > "${WORKING_DIR}/main.py" <<'OSPREY_SCRIPT_EOF'\nprint(1)\nOSPREY_SCRIPT_EOF\npython "${WORKING_DIR}/main.py"`,
    ]);
    expect(spec.entrypoint).toEqual([""]);
    expect(spec.image).toBe("osprey/python");
    // Under the protected prefix osprey/: built on this server, never pulled.
    expect(spec.pullPolicy).toBe("LOCAL_ONLY");
    expect(spec.env).toMatchObject({ PYTHONUNBUFFERED: "1", WORKING_DIR, OUTPUT_DIR });
    expect(spec.deleteAfter).toBe(true);
  });

  it("runs a shell Script's text itself and honours docker options and failFast: false", () => {
    const spec = buildContainerSpec(
      {
        script: "echo hi",
        failFast: "false",
        interpreter: ["/bin/bash", "-c"],
        docker: {
          image: "debian:12",
          pullPolicy: "NEVER",
          entryPoint: ["/entry"],
          user: "1000",
          env: { A: "docker", B: "docker" },
        },
        env: { A: "task" },
      },
      shell,
      "osprey/shell",
      locked,
    );
    expect(spec.files).toEqual([]);
    expect(spec.cmd).toEqual(["/bin/bash", "-c", "echo hi"]);
    expect(spec).toMatchObject({ image: "debian:12", pullPolicy: "NEVER", entrypoint: ["/entry"], user: "1000" });
    expect(spec.env).toMatchObject({ A: "task", B: "docker" });
  });

  it("copies a large script, or one for another user or interpreter, in as a file", () => {
    const big = "x = 1\n".repeat(10_000);
    expect(buildContainerSpec({ script: big }, python, "p", locked).files).toEqual([{ path: "main.py", content: big }]);
    expect(
      buildContainerSpec({ script: "print(1)", docker: { image: "p", user: "1000" } }, python, "p", locked).files,
    ).toHaveLength(1);
    expect(
      buildContainerSpec({ script: "print(1)", interpreter: ["/usr/bin/env", "python3", "-c"] }, python, "p", locked)
        .files,
    ).toHaveLength(1);
    const bash = buildContainerSpec({ script: "print(1)", interpreter: ["/bin/bash", "-c"] }, python, "p", locked);
    expect(bash.files).toEqual([]);
  });

  it("picks a here-document marker the script does not contain", () => {
    const script = "print('a')\nOSPREY_SCRIPT_EOF\n";
    const cmd = buildContainerSpec({ script }, python, "p", locked).cmd[2];
    expect(cmd).toContain("<<'OSPREY_SCRIPT_EOF_0'\n");
    expect(cmd.endsWith(`OSPREY_SCRIPT_EOF_0\npython "${WORKING_DIR}/main.py"`)).toBe(true);
  });

  it("joins Commands one per line", () => {
    expect(buildContainerSpec({ commands: ["a", "b"] }, shell, "x", locked).cmd[2]).toBe("set -e\na\nb");
  });

  it("maps limits, ports and hosts to Docker's HostConfig", () => {
    const spec = buildContainerSpec(
      {
        commands: ["true"],
        docker: {
          image: "x",
          cpu: { cpus: "1.5" },
          memory: { memory: "512Mb", memorySwap: "1Gb", memoryReservation: "256m" },
          shmSize: "64Mb",
          networkMode: "none",
          extraHosts: ["db:10.0.0.2"],
          portBindings: ["8080:80", "127.0.0.1:9000:9000/udp"],
          killGracePeriod: "PT5S",
          delete: false,
        },
      },
      shell,
      "x",
      open,
    );
    expect(spec.hostConfig).toMatchObject({
      NanoCpus: 1_500_000_000,
      Memory: 512 * 1024 ** 2,
      MemorySwap: 1024 ** 3,
      MemoryReservation: 256 * 1024 ** 2,
      ShmSize: 64 * 1024 ** 2,
      NetworkMode: "none",
      ExtraHosts: ["db:10.0.0.2"],
      PortBindings: {
        "80/tcp": [{ HostIp: "", HostPort: "8080" }],
        "9000/udp": [{ HostIp: "127.0.0.1", HostPort: "9000" }],
      },
    });
    expect(spec.exposedPorts).toEqual({ "80/tcp": {}, "9000/udp": {} });
    expect(spec.killGraceMs).toBe(5000);
    expect(spec.deleteAfter).toBe(false);
  });

  it("takes the image and options from a Docker taskRunner and containerImage", () => {
    const spec = buildContainerSpec(
      {
        commands: ["true"],
        containerImage: "from-container-image",
        taskRunner: { type: "io.kestra.plugin.scripts.runner.docker.Docker", pullPolicy: "ALWAYS" },
      },
      shell,
      "default",
      locked,
    );
    expect(spec).toMatchObject({ image: "from-container-image", pullPolicy: "ALWAYS" });
  });

  it("refuses privileged, host volumes and the process runner unless the server allows them", () => {
    expect(() =>
      buildContainerSpec({ commands: ["x"], docker: { image: "x", privileged: true } }, shell, "x", locked),
    ).toThrow(/privileged .* OSPREY_ALLOW_PRIVILEGED/);
    expect(() =>
      buildContainerSpec({ commands: ["x"], docker: { image: "x", volumes: ["/:/host"] } }, shell, "x", locked),
    ).toThrow(/volumes .* OSPREY_ALLOW_HOST_VOLUMES/);
    expect(() => buildContainerSpec({ commands: ["x"], runner: "PROCESS" }, shell, "x", locked)).toThrow(PolicyError);
    expect(() =>
      buildContainerSpec(
        { commands: ["x"], taskRunner: { type: "io.kestra.plugin.core.runner.Process" } },
        shell,
        "x",
        locked,
      ),
    ).toThrow(/OSPREY_PROCESS_RUNNER=host/);
    // The default mode: the Process runner becomes a container of the language's image, and says so.
    const contained = buildContainerSpec(
      { commands: ["x"], taskRunner: { type: "io.kestra.plugin.core.runner.Process" } },
      shell,
      "osprey/shell:latest",
      lockedPolicy({ processRunner: "container" }),
    );
    expect(contained).toMatchObject({ runner: "DOCKER", image: "osprey/shell:latest" });
    expect(contained.notice).toMatch(/OSPREY_PROCESS_RUNNER=container/);
    const spec = buildContainerSpec(
      { commands: ["x"], docker: { image: "x", privileged: true, volumes: ["/data:/data:ro"] } },
      shell,
      "x",
      open,
    );
    expect(spec.hostConfig).toMatchObject({ Privileged: true, Binds: ["/data:/data:ro"] });
  });

  it("keeps input files inside the working directory", () => {
    expect(() => buildContainerSpec({ commands: ["x"] }, shell, "x", locked, { "../etc/passwd": "x" })).toThrow(
      /relative path/,
    );
    expect(() => buildContainerSpec({ commands: ["x"] }, shell, "x", locked, { "/abs": "x" })).toThrow(/relative path/);
    expect(buildContainerSpec({ commands: ["x"] }, shell, "x", locked, { "data/in.csv": "a,b" }).files).toEqual([
      { path: "data/in.csv", content: "a,b" },
    ]);
  });

  it("makes an output directory only for a task that mentions it", () => {
    expect(buildContainerSpec({ commands: ["echo hi"] }, shell, "x", locked).usesOutputDir).toBe(false);
    expect(buildContainerSpec({ commands: ['touch "$OUTPUT_DIR/a"'] }, shell, "x", locked).usesOutputDir).toBe(true);
    expect(buildContainerSpec({ script: `open("${OUTPUT_DIR}/a", "w")` }, python, "x", locked).usesOutputDir).toBe(
      true,
    );
  });

  it("says which property holds a bad value", () => {
    expect(() =>
      buildContainerSpec({ commands: ["x"], docker: { image: "x", memory: { memory: "lots" } } }, shell, "x", locked),
    ).toThrow(/docker.memory.memory must be a size/);
  });
});

describe("container hardening defaults", () => {
  const hardened = lockedPolicy({
    allowedRegistries: ["ghcr.io"],
    defaults: { memoryBytes: 1024 ** 3, cpus: 1, pidsLimit: 256, noNewPrivileges: true },
  });

  it("applies limits and no-new-privileges when the task sets none, and lets the task's own limits win", () => {
    const bare = buildContainerSpec({ commands: ["x"] }, shell, "osprey/shell", hardened);
    expect(bare.hostConfig).toMatchObject({
      Memory: 1024 ** 3,
      NanoCpus: 1e9,
      PidsLimit: 256,
      SecurityOpt: ["no-new-privileges"],
    });
    const own = buildContainerSpec(
      { commands: ["x"], docker: { image: "ghcr.io/a/b", memory: { memory: "256Mb" }, cpu: { cpus: 0.5 } } },
      shell,
      "osprey/shell",
      hardened,
    );
    expect(own.hostConfig).toMatchObject({ Memory: 256 * 1024 ** 2, NanoCpus: 5e8 });
  });

  it("refuses images from registries outside the allowed list; Osprey's own images pass but are never pulled", () => {
    expect(() =>
      buildContainerSpec({ commands: ["x"], docker: { image: "python:3.12" } }, shell, "osprey/shell", hardened),
    ).toThrow(/docker.io, which is not among this server's allowed registries \(OSPREY_ALLOWED_REGISTRIES: ghcr.io\)/);
    const own = buildContainerSpec(
      { commands: ["x"], docker: { image: "osprey/custom:1", pullPolicy: "ALWAYS" } },
      shell,
      "osprey/shell",
      hardened,
    );
    expect(own).toMatchObject({ image: "osprey/custom:1", pullPolicy: "LOCAL_ONLY" });
    // The language's default image is the admin's choice: trusted wherever it comes from.
    const julia = buildContainerSpec(
      { commands: ["x"], taskRunner: { type: "io.kestra.plugin.scripts.runner.docker.Docker", pullPolicy: "ALWAYS" } },
      shell,
      "julia:latest",
      hardened,
    );
    expect(julia).toMatchObject({ image: "julia:latest", pullPolicy: "ALWAYS" });
  });
});
