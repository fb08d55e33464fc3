import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { LABEL_INSTANCE, LABEL_MANAGED } from "../runner/docker/labels";
import { State } from "../states/states";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

// Kestra's Docker Prune on the real engine. Other tests share the engine: every resource here carries
// this file's own label, and every Prune filters on it, so nothing of theirs is ever a candidate.
type Run = { taskId: string; state: string; error: string | null; outputs: { removed?: string[] } | null };
const STAMP = `it-prune-${Date.now()}`;

/** An exited container of the shell image with `labels`. */
async function exited(docker: Docker, image: string, labels: Record<string, string>) {
  const c = await docker.createContainer({ Image: image, Cmd: ["true"], Labels: labels });
  await c.start();
  await c.wait();
  return c;
}

/** A dangling (untagged) image with `labels`, committed from a throwaway container. */
async function danglingImage(docker: Docker, image: string, labels: Record<string, string>): Promise<string> {
  const c = await docker.createContainer({ Image: image, Cmd: ["true"] });
  try {
    const changes = `LABEL ${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}`;
    const { Id } = (await c.commit({ changes })) as { Id: string };
    return Id;
  } finally {
    await c.remove({ force: true });
  }
}

const exists = (p: Promise<unknown>) =>
  p.then(
    () => true,
    () => false,
  );

describe("Prune removes only what Osprey owns", () => {
  const t = useTestExecutor();

  it("removes an owned exited container and an owned dangling image, leaves foreign ones, refuses BUILD", async () => {
    const { docker } = t.deps;
    const image = t.deps.config.OSPREY_IMAGE_SHELL;
    const mine = { [LABEL_MANAGED]: "true", [LABEL_INSTANCE]: t.deps.instance, "it.prune": STAMP };
    const ownContainer = await exited(docker, image, mine);
    const foreignContainer = await exited(docker, image, { "it.prune": STAMP });
    const ownImage = await danglingImage(docker, image, { [LABEL_MANAGED]: "true", "it.prune": STAMP });
    const foreignImage = await danglingImage(docker, image, { "it.prune": STAMP });
    try {
      const { execution } = await runFlow(
        t.deps,
        `id: prune_owned
namespace: it.prune
tasks:
  - id: containers
    type: io.kestra.plugin.docker.cli.Prune
    pruneType: CONTAINERS
    labelFilters: ["it.prune=${STAMP}"]
  - id: images
    type: io.kestra.plugin.docker.Prune
    pruneType: IMAGES
    dangling: true
    labelFilters: ["it.prune=${STAMP}"]
  - id: build
    type: io.kestra.plugin.docker.cli.Prune
    pruneType: BUILD
    allowFailure: true
`,
        t.executor,
      );
      const [containers, images, build] = execution.taskRuns as Run[];
      expect([containers.state, images.state], JSON.stringify([containers.error, images.error])).toEqual([
        State.SUCCESS,
        State.SUCCESS,
      ]);
      expect(containers.outputs).toEqual({ removed: [ownContainer.id], count: 1 });
      expect(images.outputs).toEqual({ removed: [ownImage], count: 1 });
      expect(await exists(ownContainer.inspect())).toBe(false);
      expect(await exists(foreignContainer.inspect())).toBe(true);
      expect(await exists(docker.getImage(ownImage).inspect())).toBe(false);
      expect(await exists(docker.getImage(foreignImage).inspect())).toBe(true);
      expect(build.error).toMatch(
        /^pruneType BUILD: the build cache carries no owner.*OSPREY_DOCKER_TASKS_ALLOW_FOREIGN=true/,
      );
    } finally {
      await foreignContainer.remove({ force: true }).catch(() => undefined);
      await ownContainer.remove({ force: true }).catch(() => undefined);
      for (const id of [ownImage, foreignImage])
        await docker
          .getImage(id)
          .remove({ force: true })
          .catch(() => undefined);
    }
  });

  it("with until: 1h keeps a container created just now, and refuses an until it cannot read", async () => {
    const { docker } = t.deps;
    const own = await exited(docker, t.deps.config.OSPREY_IMAGE_SHELL, {
      [LABEL_MANAGED]: "true",
      [LABEL_INSTANCE]: t.deps.instance,
      "it.prune.until": STAMP,
    });
    try {
      const { execution } = await runFlow(
        t.deps,
        `id: prune_until
namespace: it.prune
tasks:
  - id: recent_kept
    type: io.kestra.plugin.docker.cli.Prune
    pruneType: CONTAINERS
    until: 1h
    labelFilters: ["it.prune.until=${STAMP}"]
  - id: bad
    type: io.kestra.plugin.docker.cli.Prune
    pruneType: CONTAINERS
    until: yesterday
    allowFailure: true
`,
        t.executor,
      );
      const [kept, bad] = execution.taskRuns as Run[];
      expect(kept.outputs).toEqual({ removed: [], count: 0 });
      expect(await exists(own.inspect())).toBe(true);
      expect(bad.error).toMatch(/^until "yesterday": expected a duration/);
    } finally {
      await own.remove({ force: true });
    }
  });
});

describe("with OSPREY_DOCKER_TASKS_ALLOW_FOREIGN", () => {
  const t = useTestExecutor({ OSPREY_DOCKER_TASKS_ALLOW_FOREIGN: "true" });

  it("Prune and Rm remove foreign containers and images, but never a default image", async () => {
    const { docker } = t.deps;
    const image = t.deps.config.OSPREY_IMAGE_SHELL;
    const foreignContainer = await exited(docker, image, { "it.prune.foreign": STAMP });
    const foreignImage = await danglingImage(docker, image, { "it.prune.foreign": STAMP });
    const toRm = await exited(docker, image, { team: "someone-else" });
    try {
      const { execution } = await runFlow(
        t.deps,
        `id: prune_foreign
namespace: it.prune
tasks:
  - id: containers
    type: io.kestra.plugin.docker.cli.Prune
    pruneType: CONTAINERS
    labelFilters: ["it.prune.foreign=${STAMP}"]
  - id: images
    type: io.kestra.plugin.docker.cli.Prune
    pruneType: IMAGES
    dangling: true
    labelFilters: ["it.prune.foreign=${STAMP}"]
  - id: rm
    type: io.kestra.plugin.docker.Rm
    containerIds: ["${toRm.id}"]
  - id: rm_default
    type: io.kestra.plugin.docker.Rm
    imageIds: ["${image}"]
    allowFailure: true
`,
        t.executor,
      );
      const [containers, images, rm, rmDefault] = execution.taskRuns as Run[];
      expect(
        [containers.state, images.state, rm.state],
        JSON.stringify(execution.taskRuns.map((r) => r.error)),
      ).toEqual([State.SUCCESS, State.SUCCESS, State.SUCCESS]);
      expect(containers.outputs).toEqual({ removed: [foreignContainer.id], count: 1 });
      expect(images.outputs).toEqual({ removed: [foreignImage], count: 1 });
      expect(await exists(toRm.inspect())).toBe(false);
      expect(rmDefault.error).toMatch(/is osprey\/shell:latest, one of this server's own images .*never remove/);
      expect(await exists(docker.getImage(image).inspect())).toBe(true);
    } finally {
      for (const c of [foreignContainer, toRm]) await c.remove({ force: true }).catch(() => undefined);
      await docker
        .getImage(foreignImage)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });
});
