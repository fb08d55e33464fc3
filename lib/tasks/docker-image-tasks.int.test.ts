import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LABEL_INSTANCE, LABEL_MANAGED } from "../runner/docker/labels";
import { State } from "../states/states";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's Docker image and container tasks through the real executor, on the real engine, a real
// htpasswd registry on loopback (started by the global setup) and a second real engine.
const { address: REGISTRY, user: USER, password: PASSWORD } = JSON.parse(inject("registry")) as Record<string, string>;
const SECOND = /OSPREY_TEST_DOCKER_HOST_2=(\S+)/.exec(
  execFileSync("bash", ["scripts/ensure-second-engine.sh"], { encoding: "utf8" }),
)![1];
const t = useTestExecutor({
  OSPREY_ALLOWED_DOCKER_HOSTS: SECOND,
  OSPREY_ALLOWED_REGISTRIES: `${REGISTRY},docker.io`,
  // A default image outside osprey/, as an admin may choose: never pulled over by a task.
  OSPREY_IMAGE_JULIA: "it-docker/julia-default:1",
});
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
const stamp = Date.now();
type Run = { taskId: string; state: string; error: string | null; outputs: unknown };
const runOf = (runs: Run[], id: string) => runs.find((r) => r.taskId === id)!;

beforeAll(async () => {
  await t.deps.secrets.set("it.docker", "REGISTRY_PASSWORD", PASSWORD);
  await t.deps.secrets.set("it.docker.wrong", "REGISTRY_PASSWORD", "not-the-password-1234");
});

describe("Docker image tasks against a private registry", () => {
  const image = `${REGISTRY}/it-docker/shell:${stamp}`;
  const credentials = `    credentials:\n      username: ${USER}\n      password: "{{ secret('REGISTRY_PASSWORD') }}"\n`;
  afterAll(async () => {
    await t.deps.docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("tags a local image, pushes it with credentials, lists it, removes it and pulls it back", async () => {
    const { execution, logs } = await run(`id: round_trip
namespace: it.docker
tasks:
  - id: tag
    type: io.kestra.plugin.docker.Tag
    sourceImage: ${t.deps.config.OSPREY_IMAGE_SHELL}
    targetImage: ${image}
  - id: push
    type: io.kestra.plugin.docker.Push
    tags: ["${image}"]
${credentials}  - id: listed
    type: io.kestra.plugin.docker.ImageLs
    imageNameFilter: ${REGISTRY}/it-docker/shell
  - id: rm
    type: io.kestra.plugin.docker.Rm
    imageIds: ["${image}"]
  - id: gone
    type: io.kestra.plugin.docker.ImageLs
    imageNameFilter: ${image}
  - id: pull
    type: io.kestra.plugin.docker.Pull
    image: ${image}
${credentials}  - id: back
    type: io.kestra.plugin.docker.ImageLs
    imageNameFilter: ${image}
`);
    const runs = execution.taskRuns as Run[];
    expect(execution.state, JSON.stringify([runs.map((r) => r.error), logs.slice(-5)])).toBe(State.SUCCESS);
    const shellId = (await t.deps.docker.getImage(t.deps.config.OSPREY_IMAGE_SHELL).inspect()).Id;
    expect(runOf(runs, "tag").outputs).toEqual({ image, imageId: shellId });
    const listed = runOf(runs, "listed").outputs as { count: number; images: { id: string; repoTags: string[] }[] };
    expect(listed.images.find((i) => i.repoTags.includes(image))?.id).toBe(shellId);
    expect((runOf(runs, "gone").outputs as { count: number }).count).toBe(0);
    expect(runOf(runs, "pull").outputs).toMatchObject({ image });
    expect((runOf(runs, "back").outputs as { count: number }).count).toBe(1);
    expect(logs.map((l) => l.message)).toContain(`Pulling image ${image}`);
  });

  it("a wrong password fails the push with the registry's answer, naming the image", async () => {
    const { execution } = await run(`id: wrong_push
namespace: it.docker.wrong
tasks:
  - id: tag
    type: io.kestra.plugin.docker.Tag
    sourceImage: ${t.deps.config.OSPREY_IMAGE_SHELL}
    targetImage: ${image}
  - id: push
    type: io.kestra.plugin.docker.Push
    tags: ["${image}"]
${credentials}`);
    expect(execution.state).toBe(State.FAILED);
    const error = runOf(execution.taskRuns as Run[], "push").error ?? "";
    expect(error).toContain(image);
    expect(error).toMatch(/unauthorized|authentication required|no basic auth credentials/i);
    expect(error).not.toContain("not-the-password-1234");
  });

  it("refuses a registry the server does not allow, a missing image, and names under osprey/", async () => {
    const { execution } = await run(`id: refusals
namespace: it.docker
tasks:
  - id: foreign
    type: io.kestra.plugin.docker.Pull
    image: evil.example.com/team/app:1
    allowFailure: true
  - id: missing
    type: io.kestra.plugin.docker.Tag
    sourceImage: it-docker/nothing-here:${stamp}
    targetImage: it-docker/other:${stamp}
    allowFailure: true
  - id: protected
    type: io.kestra.plugin.docker.Tag
    sourceImage: ${t.deps.config.OSPREY_IMAGE_SHELL}
    targetImage: osprey/hijacked:${stamp}
    allowFailure: true
  - id: default_image
    type: io.kestra.plugin.docker.Pull
    image: it-docker/julia-default:1
    allowFailure: true
  - id: rm_default
    type: io.kestra.plugin.docker.Rm
    imageIds: ["${t.deps.config.OSPREY_IMAGE_SHELL}"]
    allowFailure: true
  - id: other_engine
    type: io.kestra.plugin.docker.ImageLs
    host: tcp://10.255.0.1:2375
    allowFailure: true
`);
    const runs = execution.taskRuns as Run[];
    expect(runOf(runs, "foreign").error).toMatch(
      /^image evil\.example\.com\/team\/app:1 comes from evil\.example\.com, which is not among .*OSPREY_ALLOWED_REGISTRIES/,
    );
    expect(runOf(runs, "missing").error).toBe(
      `image it-docker/nothing-here:${stamp}: no such image on the Docker engine`,
    );
    expect(runOf(runs, "protected").error).toMatch(/^targetImage osprey\/hijacked:\d+ is under a protected prefix/);
    expect(runOf(runs, "default_image").error).toMatch(
      /^image it-docker\/julia-default:1 is this server's default image/,
    );
    expect(runOf(runs, "rm_default").error).toMatch(/is not one Osprey owns .*OSPREY_DOCKER_TASKS_ALLOW_FOREIGN/);
    expect(runOf(runs, "other_engine").error).toContain("OSPREY_ALLOWED_DOCKER_HOSTS");
    expect(runs.every((r) => r.state === State.WARNING)).toBe(true);
    await expect(t.deps.docker.getImage(`osprey/hijacked:${stamp}`).inspect()).rejects.toThrow();
  });
});

describe("Docker container tasks touch only Osprey's containers", () => {
  const start = async (labels: Record<string, string>) => {
    const c = await t.deps.docker.createContainer({
      Image: t.deps.config.OSPREY_IMAGE_SHELL,
      Cmd: ["sleep", "60"],
      Labels: labels,
    });
    await c.start();
    return c;
  };

  it("refuses to stop a container Osprey did not start, and leaves it running", async () => {
    const foreign = await start({ team: "someone-else" });
    try {
      const { execution } = await run(
        `id: stop_foreign\nnamespace: it.docker\ntasks:\n  - id: stop\n    type: io.kestra.plugin.docker.Stop\n    containerId: ${foreign.id}\n`,
      );
      expect(execution.state).toBe(State.FAILED);
      expect(execution.taskRuns[0].error).toMatch(
        /was not started by this Osprey server .*OSPREY_DOCKER_TASKS_ALLOW_FOREIGN/,
      );
      expect((await foreign.inspect()).State.Running).toBe(true);
    } finally {
      await foreign.remove({ force: true });
    }
  });

  it("kills and removes a container carrying this server's labels", async () => {
    const own = await start({ [LABEL_MANAGED]: "true", [LABEL_INSTANCE]: t.deps.instance });
    const { execution } = await run(
      `id: stop_own\nnamespace: it.docker\ntasks:\n  - id: stop\n    type: io.kestra.plugin.docker.Stop\n    containerId: ${own.id.slice(0, 12)}\n    kill: true\n`,
    );
    expect(execution.state, execution.taskRuns[0].error ?? "").toBe(State.SUCCESS);
    await expect(own.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("on a second engine named with host", () => {
  it("tags, lists and removes there, and nothing reaches the first engine", async () => {
    const name = `it-docker/second:${stamp}`;
    const { execution } = await run(`id: second_engine
namespace: it.docker
tasks:
  - id: tag
    type: io.kestra.plugin.docker.Tag
    host: ${SECOND}
    sourceImage: ${t.deps.config.OSPREY_IMAGE_SHELL}
    targetImage: ${name}
  - id: listed
    type: io.kestra.plugin.docker.ImageLs
    host: ${SECOND}
    imageNameFilter: ${name}
  - id: rm
    type: io.kestra.plugin.docker.Rm
    host: ${SECOND}
    imageIds: ["${name}"]
`);
    const runs = execution.taskRuns as Run[];
    expect(execution.state, JSON.stringify(runs.map((r) => r.error))).toBe(State.SUCCESS);
    expect((runOf(runs, "listed").outputs as { count: number }).count).toBe(1);
    await expect(t.deps.docker.getImage(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(t.deps.dockerFor!(SECOND).getImage(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
