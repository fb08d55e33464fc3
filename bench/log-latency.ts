// log-latency: how long a line a container prints takes to reach a browser following the execution
// (SSE), p50/p95 over 150 lines printed 50 ms apart: in one process (SQLite), and across machines'
// worth of processes on PostgreSQL (a worker runs the container, web server B orchestrates, the
// follower reads web server A: the line goes worker → store → NOTIFY → A → browser).
import { call, putFlow, shellFlow, type Target } from "./lib/api";
import { median } from "./lib/measure";
import { type ServerProcess, startServer } from "../lib/testing/start-server";
import { startWorker } from "../lib/testing/start-worker";
import { scratchPostgresDatabase } from "../lib/testing/test-database";

const LINES = 150;
const FLOW = shellFlow("latency", "osprey/shell:latest", [
  [`for i in $(seq 1 ${LINES}); do echo "t=$(date +%s%3N)"; sleep 0.05; done`],
]);
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

/** Starts the flow on `runOn` and follows it from `followOn`: each line's delay from its print to its arrival. */
async function delays(runOn: Target, followOn: Target): Promise<number[]> {
  const { id } = (await (await call(runOn, "/api/v1/executions/bench/latency", { method: "POST" })).json()) as {
    id: string;
  };
  const res = await call(followOn, `/api/v1/logs/${id}/follow`, { headers: { Accept: "text/event-stream" } });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const out: number[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    const now = Date.now();
    buffer += decoder.decode(value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      if (!block.startsWith("event: log")) continue;
      const data = block
        .split("\n")
        .find((l) => l.startsWith("data: "))!
        .slice(6);
      for (const line of JSON.parse(data) as { message: string }[])
        if (line.message.startsWith("t=")) out.push(now - Number(line.message.slice(2)));
    }
  }
}

function report(name: string, xs: number[]): void {
  const [p50, p] = [median(xs), p95(xs)];
  console.log(
    `log-latency ${name}: ${xs.length} lines, p50 ${p50.toFixed(0)} ms, p95 ${p.toFixed(0)} ms (target p95 ≤ 250 ms) ${p <= 250 && xs.length === LINES ? "OK" : "ABOVE TARGET"}`,
  );
}

const one = await startServer(3214);
try {
  await putFlow(one, FLOW);
  await delays(one, one); // warm-up
  report("in one process (SQLite)", await delays(one, one));
} finally {
  await one.stop();
}

const url = await scratchPostgresDatabase("osprey_bench_latency_");
const web: ServerProcess[] = [
  await startServer(3215, url, { OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "latency-web-a" }),
];
web.push(await startServer(3216, url, { OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "latency-web-b" }));
const worker = await startWorker(url, "latency-worker");
try {
  await putFlow(web[0], FLOW);
  await delays(web[1], web[0]); // warm-up
  report("worker → web server A, run from web server B (PostgreSQL)", await delays(web[1], web[0]));
} finally {
  await worker.stop();
  await Promise.all(web.map((s) => s.stop()));
}
