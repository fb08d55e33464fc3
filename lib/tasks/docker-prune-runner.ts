import type Docker from "dockerode";
import { PRUNE_TYPES } from "../flow/task-types/docker-prune";
import { PolicyError } from "../runner/container-policy";
import { DockerError, engineMessage, statusCodeOf } from "../runner/docker/docker-error";
import { LABEL_INSTANCE, LABEL_MANAGED, LABEL_TASK_RUN } from "../runner/docker/labels";
import { isTerminalState, State } from "../states/states";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { labelFilterList, untilCutoffMs } from "./docker-prune-filters";
import {
  type DockerTarget,
  dockerTarget,
  FOREIGN_SETTING,
  foreignAllowed,
  serverImageName,
  stringList,
} from "./docker-task-common";
import { log, type TaskContext } from "./task-context";

type PruneType = (typeof PRUNE_TYPES)[number];

/** What one prune looks at: the engine, and which resources it may remove. */
interface Scope {
  ctx: TaskContext;
  target: DockerTarget;
  /** Docker `label` filters: Osprey's own (unless foreign ones are allowed) and the task's. */
  labels: string[];
  /** Only resources created before this (ms since the epoch). */
  beforeMs: number;
  dangling: boolean;
}

/** One candidate for removal, with what decides whether it may go. */
interface Candidate {
  id: string;
  createdMs: number;
  labels: Record<string, string> | null | undefined;
}

/**
 * io.kestra.plugin.docker.cli.Prune (old name io.kestra.plugin.docker.Prune). Docker's own prune would
 * remove everybody's unused resources, so Osprey lists them with the same filters and removes the
 * ones it owns one by one: never one of a task run still going (a WorkingDirectory's volume between
 * two tasks, a container whose files are being collected), never a default or protected image.
 */
export const runPrune: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  const pruneType = String(task.pruneType ?? "").toUpperCase() as PruneType;
  if (!PRUNE_TYPES.includes(pruneType))
    throw new Error(`pruneType "${String(task.pruneType)}": expected one of ${PRUNE_TYPES.join(", ")}`);
  const owned = foreignAllowed(ctx) ? [] : [`${LABEL_MANAGED}=true`];
  const scope: Scope = {
    ctx,
    target,
    labels: [...owned, ...labelFilterList(stringList(task.labelFilters))],
    beforeMs:
      task.until === undefined || task.until === null || task.until === ""
        ? Number.POSITIVE_INFINITY
        : untilCutoffMs(String(task.until), Date.now()),
    dangling: toBool(task.dangling, "dangling", false),
  };
  const removed = await PRUNERS[pruneType](scope);
  log(ctx, `Pruned ${removed.length} ${pruneType.toLowerCase()}${target.where}`, "INFO", "system");
  return { state: State.SUCCESS, outputs: { removed, count: removed.length } };
};

const PRUNERS: Record<PruneType, (scope: Scope) => Promise<string[]>> = {
  CONTAINERS: async (scope) => {
    const list = await engine(scope, "listing containers", (d) =>
      d.listContainers({
        all: true,
        filters: { status: ["created", "exited", "dead"], label: withInstance(scope) },
      }),
    );
    const candidates = list.map((c) => ({ id: c.Id, createdMs: c.Created * 1_000, labels: c.Labels }));
    return removeEach(scope, "container", await removable(scope, candidates), (id) =>
      scope.target.docker.getContainer(id).remove(),
    );
  },
  IMAGES: async (scope) => {
    const [images, containers] = await engine(scope, "listing images", (d) =>
      Promise.all([
        d.listImages({ filters: { label: scope.labels, ...(scope.dangling ? { dangling: ["true"] } : {}) } }),
        d.listContainers({ all: true }),
      ]),
    );
    const used = new Set(containers.map((c) => c.ImageID));
    const free = images.filter(
      (i) =>
        !used.has(i.Id) &&
        serverImageName(
          (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
          scope.target.policy,
        ) === undefined,
    );
    const candidates = free.map((i) => ({ id: i.Id, createdMs: i.Created * 1_000, labels: i.Labels }));
    // force: an unused image goes with all its tags, as Docker's prune does.
    return removeEach(scope, "image", await removable(scope, candidates), (id) =>
      scope.target.docker.getImage(id).remove({ force: true }),
    );
  },
  VOLUMES: async (scope) => {
    const { Volumes } = await engine(scope, "listing volumes", (d) =>
      d.listVolumes({ filters: { label: withInstance(scope), dangling: ["true"] } }),
    );
    const candidates = (Volumes ?? []).map((v) => ({
      id: v.Name,
      createdMs: Date.parse((v as { CreatedAt?: string }).CreatedAt ?? "") || 0,
      labels: v.Labels,
    }));
    return removeEach(scope, "volume", await removable(scope, candidates), (id) =>
      scope.target.docker.getVolume(id).remove(),
    );
  },
  NETWORKS: async (scope) => {
    const list = await engine(scope, "listing networks", (d) =>
      d.listNetworks({ filters: { label: withInstance(scope) } }),
    );
    const unused: Candidate[] = [];
    for (const n of list.filter((n) => !["bridge", "host", "none"].includes(n.Name))) {
      const info = await scope.target.docker
        .getNetwork(n.Id)
        .inspect()
        .catch(() => null);
      if (info && Object.keys(info.Containers ?? {}).length === 0)
        unused.push({ id: n.Id, createdMs: Date.parse(n.Created) || 0, labels: n.Labels });
    }
    return removeEach(scope, "network", await removable(scope, unused), (id) =>
      scope.target.docker.getNetwork(id).remove(),
    );
  },
  BUILD: async (scope) => {
    // The build cache carries no labels: Osprey cannot tell its own part of it.
    if (!foreignAllowed(scope.ctx))
      throw new PolicyError(
        `pruneType BUILD: the build cache carries no owner, so Osprey cannot tell its own part of it; an admin can allow pruning it (and other resources Osprey does not own) with ${FOREIGN_SETTING}=true`,
        FOREIGN_SETTING,
      );
    const result = (await engine(scope, "pruning the build cache", (d) => d.pruneBuilder())) as {
      CachesDeleted?: string[] | null;
      SpaceReclaimed?: number;
    };
    log(scope.ctx, `Build cache: ${result.SpaceReclaimed ?? 0} bytes reclaimed`, "INFO", "system");
    return result.CachesDeleted ?? [];
  },
};

/** Containers, volumes and networks are this server's when they carry its instance too. */
function withInstance(scope: Scope): string[] {
  return foreignAllowed(scope.ctx) ? scope.labels : [...scope.labels, `${LABEL_INSTANCE}=${scope.ctx.deps.instance}`];
}

/** Those old enough, and not of a task run of this server that is still going. */
async function removable(scope: Scope, candidates: Candidate[]): Promise<string[]> {
  const old = candidates.filter((c) => c.createdMs < scope.beforeMs);
  const runIds = [...new Set(old.map((c) => c.labels?.[LABEL_TASK_RUN]).filter((id): id is string => Boolean(id)))];
  const going = new Set(
    (await scope.ctx.deps.db.taskRun.findMany({ where: { id: { in: runIds } }, select: { id: true, state: true } }))
      .filter((r) => !isTerminalState(r.state))
      .map((r) => r.id),
  );
  return old.filter((c) => !going.has(c.labels?.[LABEL_TASK_RUN] ?? "")).map((c) => c.id);
}

/** Removes each; one the engine keeps (in use since it was listed, a parent image) is logged and left. */
async function removeEach(
  scope: Scope,
  kind: string,
  ids: string[],
  remove: (id: string) => Promise<unknown>,
): Promise<string[]> {
  const removed: string[] = [];
  for (const id of ids) {
    try {
      await remove(id);
      removed.push(id);
      log(scope.ctx, `Removed ${kind} ${id.replace(/^sha256:/, "").slice(0, 12)}`, "INFO", "system");
    } catch (err) {
      if (statusCodeOf(err) === 404) continue;
      if (statusCodeOf(err) !== 409)
        throw new DockerError(`removing ${kind} ${id} failed: ${engineMessage(err)}`, {
          statusCode: statusCodeOf(err),
        });
      log(scope.ctx, `Kept ${kind} ${id}: ${engineMessage(err)}`, "WARN", "system");
    }
  }
  return removed;
}

/** One engine call; a failure names what was being done and where. */
async function engine<T>(scope: Scope, what: string, call: (docker: Docker) => Promise<T>): Promise<T> {
  try {
    return await call(scope.target.docker);
  } catch (err) {
    throw new DockerError(`${what}${scope.target.where} failed: ${engineMessage(err)}`, {
      statusCode: statusCodeOf(err),
    });
  }
}
