import type Docker from "dockerode";
import { engineMessage, statusCodeOf } from "../runner/docker/docker-error";
import { LABEL_MANAGED, LABEL_TASK_RUN } from "../runner/docker/labels";

/** What was left and could not be removed, said in the task's log. */
export type DownProblem = (message: string) => void;

/**
 * Everything a Compose task run started, found by its labels and removed: containers (killed, with
 * their anonymous volumes), then its networks and named volumes. Run whatever way the task ended.
 * A container whose creation was in flight when docker-compose was killed appears a moment later:
 * the containers are listed again until a pass finds none (at most three).
 */
export async function composeDown(docker: Docker, taskRunId: string, problem: DownProblem): Promise<number> {
  const label = [`${LABEL_MANAGED}=true`, `${LABEL_TASK_RUN}=${taskRunId}`];
  let removed = 0;
  for (let pass = 0; pass < 3; pass++) {
    const containers = await docker.listContainers({ all: true, filters: { label } });
    if (containers.length === 0) break;
    await Promise.all(
      containers.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .then(() => removed++, keep(problem, `container ${c.Names[0] ?? c.Id}`)),
      ),
    );
  }
  for (const n of await docker.listNetworks({ filters: { label } }))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(keep(problem, `network ${n.Name}`));
  for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? [])
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(keep(problem, `volume ${v.Name}`));
  return removed;
}

/** A removal that failed: gone already is fine, anything else is said. */
const keep = (problem: DownProblem, what: string) => (err: unknown) => {
  if (statusCodeOf(err) !== 404) problem(`could not remove ${what}: ${engineMessage(err)}`);
};
