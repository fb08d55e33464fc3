import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { pushImage, splitTag } from "../runner/docker/build-image";

// A real htpasswd registry on loopback, started by the integration tests' global setup.
const {
  address: REGISTRY,
  user: USER,
  password: PASSWORD,
} = JSON.parse(inject("registry")) as { address: string; user: string; password: string };
const fixture = (name: string) => readFileSync(new URL(`../testing/fixtures/${name}`, import.meta.url), "utf8");

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  expect(await leftoverContainers(deps)).toEqual([]);
  await deps.db.$disconnect();
});

describe("a private registry with htpasswd auth", () => {
  const image = `${REGISTRY}/osprey/private-python:${Date.now()}`;

  beforeAll(async () => {
    const { repo, tag } = splitTag(image);
    await deps.docker.getImage(deps.config.OSPREY_IMAGE_PYTHON).tag({ repo, tag });
    await pushImage(
      deps.docker,
      image,
      { username: USER, password: PASSWORD, serveraddress: REGISTRY! },
      () => undefined,
    );
    // Only the registry has it now: the flow must pull, with credentials.
    await deps.docker.getImage(image).remove();
    // Secrets of a parent namespace are inherited: "dev" is the seed flow's namespace.
    await deps.secrets.set("dev", "GITHUB_ACCESS_TOKEN", PASSWORD);
    await deps.secrets.set("wrong", "GITHUB_ACCESS_TOKEN", "not-the-password-1234");
  });

  // The seed's own example (shared/SEED-docker.md) with only the image and user pointed here.
  const flow = (namespace: string) =>
    fixture("seed-private-image.yaml")
      .replace("ghcr.io/your_org/your_package:tag", image)
      .replace("your_username", USER)
      .replace("namespace: dev", `namespace: ${namespace}`);

  it("runs the seed's private-image flow unchanged: pulls with credentials whose password is a secret", async () => {
    const { execution, logs } = await runFlow(deps, flow("dev.team"));
    expect(execution.state, JSON.stringify(logs.slice(-4))).toBe("SUCCESS");
    const text = logs.map((l) => l.message);
    expect(text).toContain(`Pulling image ${image}`);
    expect(text).toContain("this runs using a private container image");
    await deps.docker
      .getImage(image)
      .remove()
      .catch(() => undefined);
  });

  it("fails with the registry's message on a wrong password, and never stores the secret", async () => {
    const { execution, logs } = await runFlow(deps, flow("wrong"));
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(
      /^pull of .* failed: .*(unauthorized|authentication required|no basic auth credentials)/i,
    );
    const stored = (await deps.db.logChunk.findMany({ where: { executionId: execution.id } }))
      .map((c) => c.lines)
      .join();
    expect(stored).not.toContain("not-the-password-1234");
    expect(stored).not.toContain(PASSWORD);
    expect(logs.length).toBeGreaterThan(0);
  });

  it("a Build task pushes its tag to the registry with credentials from a secret", async () => {
    const pushed = `${REGISTRY}/osprey/pushed:${Date.now()}`;
    const { execution, logs } = await runFlow(
      deps,
      `id: build_push
namespace: dev.push
tasks:
  - id: build
    type: io.kestra.plugin.docker.Build
    tags: ["${pushed}"]
    push: true
    credentials:
      username: ${USER}
      password: "{{ secret('GITHUB_ACCESS_TOKEN') }}"
    dockerfile: |
      FROM ${deps.config.OSPREY_IMAGE_SHELL}
      RUN echo pushed > /pushed.txt
`,
    );
    expect(execution.state, JSON.stringify(logs.slice(-4))).toBe("SUCCESS");
    await deps.docker.getImage(pushed).remove({ force: true });
    // Pull it back from the registry: the push really happened.
    const { ensureImage } = await import("../runner/docker/pull-image");
    await ensureImage(deps.docker, pushed, "ALWAYS", () => undefined, {
      username: USER,
      password: PASSWORD,
      serveraddress: REGISTRY,
    });
    await deps.docker.getImage(pushed).remove({ force: true });
  });

  it("fails without credentials", async () => {
    const { execution } = await runFlow(
      deps,
      `id: anon\nnamespace: dev\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "${image}", pullPolicy: ALWAYS}\n    commands: ["true"]\n`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(/no basic auth credentials|unauthorized/i);
  });
});

describe("the seed's Docker runner example", () => {
  it("runs with the image pointed at a local one", async () => {
    const yaml = fixture("seed-docker-runner.yaml").replace(
      "ghcr.io/kestra-io/pydata:latest",
      deps.config.OSPREY_IMAGE_PYTHON,
    );
    const { execution, logs } = await runFlow(deps, yaml);
    expect(execution.state).toBe("SUCCESS");
    expect(logs.map((l) => l.message)).toContain("running in a Docker container");
  });
});

describe("the Docker Build task", () => {
  it("builds an image FROM a local default image and the next task runs in it by tag and by imageId", async () => {
    // Not under osprey/: that prefix is the server's own (OSPREY_PROTECTED_IMAGE_PREFIXES).
    const tag = `it-built/app:${Date.now()}`;
    const { execution, logs } = await runFlow(
      deps,
      `id: build_then_run
namespace: it.build
tasks:
  - id: build
    type: io.kestra.plugin.docker.Build
    tags: ["${tag}"]
    buildArgs:
      GREETING: built-by-osprey
    labels:
      team: data
    inputFiles:
      hello.sh: |
        echo "$GREETING from the built image"
    dockerfile: |
      FROM ${deps.config.OSPREY_IMAGE_SHELL}
      ARG GREETING
      ENV GREETING=$GREETING
      COPY hello.sh /usr/local/bin/hello.sh
      RUN chmod +x /usr/local/bin/hello.sh
  - id: by_tag
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: ${tag}
      pullPolicy: NEVER
    commands: ["hello.sh"]
  - id: by_id
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: "{{ outputs.build.imageId }}"
      pullPolicy: NEVER
    commands: ["hello.sh"]
`,
    );
    expect(execution.state, JSON.stringify(logs.slice(-6))).toBe("SUCCESS");
    expect((execution.taskRuns[0].outputs as { imageId: string }).imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(logs.filter((l) => l.message === "built-by-osprey from the built image")).toHaveLength(2);
    expect(logs.some((l) => l.taskId === "build" && /Step|FROM|COPY/.test(l.message))).toBe(true);
    // Its labels, and Osprey's own: Prune and Rm may remove what a flow built.
    expect((await deps.docker.getImage(tag).inspect()).Config.Labels).toMatchObject({
      team: "data",
      "io.osprey.managed": "true",
    });
    await deps.docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("fails a broken Dockerfile with the engine's message", async () => {
    const { execution } = await runFlow(
      deps,
      `id: badbuild\nnamespace: it.build\ntasks:\n  - id: build\n    type: io.kestra.plugin.docker.Build\n    tags: ["it-broken/app:1"]\n    dockerfile: |\n      FROM ${deps.config.OSPREY_IMAGE_SHELL}\n      RUN exit 7\n`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(/^build failed: .*(exit code|returned a non-zero code).*7/);
  });
});
