// wide-flows: what one flow author can ask of the server stays bounded. A ForEach over 10,000 values
// (all at once) and a Parallel of 1,000 tasks, each a Log or Return, run to the end while the bench
// asks /api/health every 50 ms: the server's RSS growth (target under 300 MB) and the slowest health
// answer (target within 200 ms throughout). Against no baseline: these are absolute bounds.
import { putFlow, runToEnd } from "./lib/api";
import { rssMb } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const values = Array.from({ length: 10_000 }, (_, i) => i + 1);
const FLOWS = {
  "foreach-10000": `id: foreach10k\nnamespace: bench\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: ${JSON.stringify(values)}\n    concurrencyLimit: 0\n    tasks:\n      - id: item\n        type: io.kestra.plugin.core.log.Log\n        message: "{{ taskrun.value }}"\n`,
  "parallel-1000": `id: parallel1k\nnamespace: bench\ntasks:\n  - id: fan\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n${Array.from({ length: 1_000 }, (_, i) => `      - id: r${i}\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ task.id }}"\n`).join("")}`,
};

const server = await startServer(3230);
try {
  for (const [name, yaml] of Object.entries(FLOWS)) {
    await putFlow(server, yaml);
    const id = name === "foreach-10000" ? "foreach10k" : "parallel1k";
    const baseRss = rssMb(server.pid);
    let peakRss = baseRss;
    const health: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const started = performance.now();
        await fetch(`${server.baseUrl}/api/health`).then((r) => r.arrayBuffer());
        health.push(performance.now() - started);
        peakRss = Math.max(peakRss, rssMb(server.pid));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // The executions list, not the execution: its answer holds all 10,000 task runs, which is the
    // execution page's cost (paged in a later issue), not what this bench measures.
    const run = await runToEnd(server, "bench", id, { listPollMs: 500 }).finally(async () => {
      sampling = false;
      await sampler;
    });
    const growth = peakRss - baseRss;
    const sorted = [...health].sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)];
    const slowest = sorted.at(-1)!;
    console.log(
      `wide-flows ${name}: ${(run.ms / 1000).toFixed(1)} s to SUCCESS; server RSS growth ${growth.toFixed(0)} MB (target < 300) ${growth < 300 ? "OK" : "ABOVE TARGET"}; ` +
        `/api/health p99 ${p99.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms of ${health.length} (target ≤ 200) ${slowest <= 200 ? "OK" : "ABOVE TARGET"}`,
    );
  }
} finally {
  await server.stop();
}
