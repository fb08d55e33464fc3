import type { ZBuildTask } from "../../flow/task-types/docker-build";
import type { z } from "zod";
import { buildImage, pushImage } from "../../runner/docker/build-image";
import { authFor } from "../../runner/docker/registry-auth";
import { toBool } from "../../runner/values";
import { resolveInputFiles } from "./resolve-input-files";
import { log, type TaskContext, type TaskOutcome } from "./task-context";

type BuildTask = z.infer<typeof ZBuildTask>;

/** io.kestra.plugin.docker.Build: build from an inline Dockerfile, optionally push; outputs `imageId`. */
export async function runBuildTask(ctx: TaskContext, task: BuildTask): Promise<TaskOutcome> {
  const { deps } = ctx;
  const docker = task.host ? (deps.dockerFor?.(task.host) ?? deps.docker) : deps.docker;
  const files = await resolveInputFiles(deps, ctx.executionId, task.inputFiles);
  log(ctx, `Building ${task.tags.join(", ")}`, "INFO", "system");
  const imageId = await buildImage(
    docker,
    { dockerfile: task.dockerfile, files, tags: task.tags, buildArgs: task.buildArgs, pull: toBool(task.pull, "pull", false), platform: task.platforms?.[0] },
    (line) => log(ctx, line, "INFO", "stdout"),
  );
  log(ctx, `Built ${imageId}`, "INFO", "system");
  if (toBool(task.push, "push", false)) {
    for (const tag of task.tags) await pushImage(docker, tag, authFor(tag, task.credentials), (line) => log(ctx, line, "INFO", "system"));
  }
  return { state: "SUCCESS", outputs: { imageId, tags: task.tags } };
}
