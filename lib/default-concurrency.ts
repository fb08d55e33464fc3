import { availableParallelism, totalmem } from "node:os";

/** Executions per core: a run mostly waits on its container (and dockerd), not on this process. */
const PER_CORE = 10;
/** Memory a running execution's container is assumed to need at least, so the host does not swap. */
const MEMORY_PER_RUN = 256 * 1024 ** 2;

/**
 * How many executions run at once when OSPREY_CONCURRENCY is unset: 10 per core, at most one per
 * 256 MiB of memory, between 4 and 64 (a 2-core, 24 GiB machine: 20).
 */
export function defaultConcurrency(cores = availableParallelism(), memory = totalmem()): number {
  return Math.max(4, Math.min(64, cores * PER_CORE, Math.floor(memory / MEMORY_PER_RUN)));
}
