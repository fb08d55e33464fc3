import type Docker from "dockerode";

/** What a task's container used: its peak memory and the CPU time it spent. */
export interface ContainerUsage {
  memoryPeakBytes: number;
  cpuSeconds: number;
}

/** The bits of one Docker stats sample read here (cgroup v1 has max_usage; v2 only usage). */
export interface StatsSample {
  memory_stats?: { usage?: number; max_usage?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

/** Folds one stats sample into the usage so far: memory is the highest seen, CPU the latest total. */
export function foldSample(previous: ContainerUsage | undefined, sample: StatsSample): ContainerUsage | undefined {
  const memory = sample.memory_stats;
  const cpuNs = sample.cpu_stats?.cpu_usage?.total_usage;
  if (!memory?.usage && !cpuNs) return previous; // a stopped container's sample is empty
  // The kernel's own peak where cgroup v1 gives it; else what is in use, less reclaimable page cache (as `docker stats`).
  const cache = memory?.stats?.inactive_file ?? memory?.stats?.total_inactive_file ?? 0;
  const memoryNow = memory?.max_usage ?? Math.max(0, (memory?.usage ?? 0) - cache);
  return {
    memoryPeakBytes: Math.max(previous?.memoryPeakBytes ?? 0, memoryNow),
    cpuSeconds: Math.max(previous?.cpuSeconds ?? 0, (cpuNs ?? 0) / 1e9),
  };
}

/**
 * Follows a running container's stats stream (one sample a second from the engine) until `stop()`,
 * which resolves to the usage seen (undefined when the container ended before its first sample).
 */
export function watchUsage(container: Docker.Container): { stop: () => Promise<ContainerUsage | undefined> } {
  let usage: ContainerUsage | undefined;
  let stream: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  let stopped = false;
  let buffer = "";
  container
    .stats({ stream: true })
    .then((s) => {
      stream = s as unknown as typeof stream;
      if (stopped) return stream?.destroy?.();
      stream!.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (!line.trim()) continue;
          try {
            usage = foldSample(usage, JSON.parse(line) as StatsSample);
          } catch {
            // a malformed sample is skipped; the next one counts
          }
        }
      });
      stream!.on("error", () => undefined);
    })
    .catch(() => undefined); // stats are a report, never a reason for the task to fail
  return {
    async stop() {
      stopped = true;
      // A stream the engine has not opened yet is dropped, not waited for: under load that wait
      // would hold the task's end (a task that short then reports no usage).
      stream?.destroy?.();
      return usage;
    },
  };
}
