import { LABEL_INSTANCE, LABEL_MANAGED } from "../runner/docker/labels";
import type { ExecutorDeps } from "./executor-deps";

const RESTART_MESSAGE = "the server stopped while this ran; its container was removed";

/**
 * After a crash or restart nothing of this server is running: fail what was RUNNING with a clear
 * message, and remove every container this server had started so none is left orphaned.
 */
export async function recoverOnStart(deps: ExecutorDeps): Promise<void> {
  const { db, docker } = deps;
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_INSTANCE}=${deps.instance}`] },
  });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const now = new Date();
  await db.taskRun.updateMany({ where: { state: "RUNNING" }, data: { state: "FAILED", error: RESTART_MESSAGE, endedAt: now } });
  await db.execution.updateMany({ where: { state: "RUNNING" }, data: { state: "FAILED", error: RESTART_MESSAGE, endedAt: now } });
}
