import { createHash } from "node:crypto";
import { resolve } from "node:path";

/** Labels on every container Osprey starts, so it can find, resume or clean them up after a crash. */
export const LABEL_MANAGED = "io.osprey.managed";
export const LABEL_INSTANCE = "io.osprey.instance";
export const LABEL_EXECUTION = "io.osprey.execution";
export const LABEL_TASK_RUN = "io.osprey.taskrun";
export const LABEL_TASK = "io.osprey.task";
/** The server that started it (OSPREY_WORKER_NAME): a restarting server removes only its own leftovers. */
export const LABEL_OWNER = "io.osprey.owner";

export function containerLabels(ids: {
  instance: string;
  owner: string;
  executionId: string;
  taskRunId: string;
  taskId: string;
}): Record<string, string> {
  return {
    [LABEL_MANAGED]: "true",
    [LABEL_INSTANCE]: ids.instance,
    [LABEL_OWNER]: ids.owner,
    [LABEL_EXECUTION]: ids.executionId,
    [LABEL_TASK_RUN]: ids.taskRunId,
    [LABEL_TASK]: ids.taskId,
  };
}

/**
 * Several Osprey servers (a dev server, a test run) may share one Docker engine; each owns only
 * the containers of its own database, named by this id derived from the database location.
 */
export function instanceId(databaseUrl: string): string {
  const where = databaseUrl.startsWith("file:") ? `file:${resolve(databaseUrl.slice(5))}` : databaseUrl;
  return createHash("sha256").update(where).digest("hex").slice(0, 16);
}
