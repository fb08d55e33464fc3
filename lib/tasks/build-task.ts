import type { ZBuildTask } from "../flow/task-types/docker-build";
import type { z } from "zod";
import { checkBuild } from "../runner/container-policy";
import { buildImage, pushImage } from "../runner/docker/build-image";
import { ensureImage } from "../runner/docker/pull-image";
import { authFor } from "../runner/docker/registry-auth";
import { toBool } from "../values/values";
import { LABEL_MANAGED } from "../runner/docker/labels";
import { hostPolicy } from "../runner/host-policy";
import { resolveInputFiles } from "./resolve-input-files";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { State } from "../states/states";

type BuildTask = z.infer<typeof ZBuildTask>;

/** io.kestra.plugin.docker.Build: build from an inline Dockerfile, optionally push; outputs `imageId`. */
export async function runBuildTask(ctx: TaskContext, task: BuildTask): Promise<TaskOutcome> {
  const { deps } = ctx;
  const pull = toBool(task.pull, "pull", false);
  const push = toBool(task.push, "push", false);
  // The server's rules first: engine, base images and tags are checked before Docker is reached.
  const decision = checkBuild(
    { dockerfile: task.dockerfile, buildArgs: task.buildArgs, tags: task.tags, pull, push, host: task.host },
    hostPolicy(deps.config),
  );
  const docker = decision.dockerHost ? (deps.dockerFor?.(decision.dockerHost) ?? deps.docker) : deps.docker;
  // The builder pulls a missing base image itself: a local-only one must already be here.
  for (const image of decision.localOnlyImages) await ensureImage(docker, image, "LOCAL_ONLY", () => undefined);
  const files = await resolveInputFiles(deps, ctx.executionId, task.inputFiles);
  log(ctx, `Building ${task.tags.join(", ")}`, "INFO", "system");
  const imageId = await buildImage(
    docker,
    {
      dockerfile: task.dockerfile,
      files,
      tags: task.tags,
      buildArgs: task.buildArgs,
      // Osprey's own from the start, so Prune and Rm may remove it later.
      labels: { ...(task.labels ?? {}), [LABEL_MANAGED]: "true" },
      pull,
      platform: task.platforms?.[0],
      limits: decision.limits,
    },
    (line) => log(ctx, line, "INFO", "stdout"),
  );
  log(ctx, `Built ${imageId}`, "INFO", "system");
  if (push) {
    for (const tag of task.tags)
      await pushImage(docker, tag, authFor(tag, task.credentials), (line) => log(ctx, line, "INFO", "system"));
  }
  return { state: State.SUCCESS, outputs: { imageId, tags: task.tags } };
}
