import { DockerError, engineMessage, statusCodeOf } from "../runner/docker/docker-error";
import { State } from "../states/states";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import {
  checkOwnedContainer,
  checkOwnedImage,
  dockerTarget,
  foreignAllowed,
  inspectContainer,
  inspectImage,
  stringList,
} from "./docker-task-common";
import { log } from "./task-context";

const failed = (what: string, err: unknown, details: { image?: string; containerId?: string }) =>
  new DockerError(`${what} failed: ${engineMessage(err)}`, { ...details, statusCode: statusCodeOf(err) });

/** io.kestra.plugin.docker.Rm: Osprey's own containers and images only, unless an admin allows others (docker-task-common.ts). */
export const runRm: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  const force = toBool(task.force, "force", false);
  const removeVolumes = toBool(task.removeVolumes, "removeVolumes", false);
  const containerIds = stringList(task.containerIds);
  const imageIds = stringList(task.imageIds);
  // Everything is checked before the first removal: a refusal removes nothing.
  const containers = [];
  for (const id of containerIds) {
    const info = await inspectContainer(target, id);
    checkOwnedContainer(ctx, id, info);
    containers.push({ id, fullId: info.Id });
  }
  for (const image of imageIds)
    checkOwnedImage(image, await inspectImage(target, image), target.policy, foreignAllowed(ctx));
  for (const { id, fullId } of containers) {
    await target.docker
      .getContainer(fullId)
      .remove({ force, v: removeVolumes })
      .catch((err) => {
        throw failed(`removing container ${id}`, err, { containerId: id });
      });
    log(ctx, `Removed container ${id}${target.where}`, "INFO", "system");
  }
  for (const image of imageIds) {
    await target.docker
      .getImage(image)
      .remove({ force })
      .catch((err) => {
        throw failed(`removing image ${image}`, err, { image });
      });
    log(ctx, `Removed image ${image}${target.where}`, "INFO", "system");
  }
  return { state: State.SUCCESS, outputs: { containerIds, imageIds } };
};

/** io.kestra.plugin.docker.Stop: stop (or kill) one of Osprey's containers, then remove it unless `delete: false`. */
export const runStop: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  const id = String(task.containerId ?? "").trim();
  const kill = toBool(task.kill, "kill", false);
  const remove = toBool(task.delete, "delete", true);
  const info = await inspectContainer(target, id);
  checkOwnedContainer(ctx, id, info);
  const container = target.docker.getContainer(info.Id);
  // Stopping a container that is not running is not a failure: it is already where it should be.
  if (info.State?.Running) {
    await (kill ? container.kill() : container.stop()).catch((err) => {
      if (statusCodeOf(err) !== 304)
        throw failed(`${kill ? "killing" : "stopping"} container ${id}`, err, { containerId: id });
    });
    log(ctx, `${kill ? "Killed" : "Stopped"} container ${id}${target.where}`, "INFO", "system");
  }
  if (remove) {
    await container.remove().catch((err) => {
      throw failed(`removing container ${id}`, err, { containerId: id });
    });
    log(ctx, `Removed container ${id}${target.where}`, "INFO", "system");
  }
  return { state: State.SUCCESS, outputs: { containerId: info.Id } };
};
