import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { collectMetrics } from "../metrics/collect-metrics";
import { formatMetrics, type MetricFamily } from "../metrics/prometheus";
import type { Worker } from "./worker";
import { workerHealth } from "./worker-health";

/**
 * A worker process's own HTTP port (OSPREY_WORKER_PORT): `GET /api/health` (200, or 503 with a
 * reason) for a load balancer or a Kubernetes probe, and `GET /metrics` in Prometheus' text format,
 * with the web server's metric names (the totals come from the database, so every process reports
 * the same) and this worker's own gauges. Nothing else; no sign-in: a port for the cluster's
 * network, as Kestra's management port, not one to publish.
 */
export async function serveWorkerHttp(
  worker: Worker,
  port: number,
  checkStorage?: () => Promise<void>,
  host = "0.0.0.0",
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const { deps } = worker;
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    const answer = async () => {
      if (path === "/api/health") {
        const health = await workerHealth(deps, worker, checkStorage);
        return send(health.status === "UP" ? 200 : 503, "application/json", JSON.stringify(health));
      }
      if (path === "/metrics") {
        const families = [
          ...(await collectMetrics(deps.db)),
          ...workerFamilies(worker, deps.config.OSPREY_CONCURRENCY),
        ];
        return send(200, "text/plain; version=0.0.4; charset=utf-8", formatMetrics(families));
      }
      send(404, "text/plain", "not found: this port serves /api/health and /metrics\n");
    };
    answer().catch((err: unknown) => {
      console.error(
        `[osprey] worker ${worker.name} ${path}: ${String((err as Error)?.message ?? err)
          .trim()
          .split("\n")
          .pop()}`,
      );
      if (!res.headersSent) send(503, "text/plain", "unavailable: the database does not answer\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's kept-alive connection would hold the exit.
        server.closeAllConnections();
      }),
  };
}

function workerFamilies(worker: Worker, capacity: number): MetricFamily[] {
  const labels = { worker: worker.name };
  return [
    {
      name: "osprey_worker_running_task_runs",
      help: "Task runs this worker runs now.",
      type: "gauge",
      samples: [{ labels, value: worker.runningCount }],
    },
    {
      name: "osprey_worker_capacity",
      help: "Task runs this worker runs at most at once (OSPREY_CONCURRENCY).",
      type: "gauge",
      samples: [{ labels, value: capacity }],
    },
    {
      name: "osprey_worker_draining",
      help: "1 while this worker drains (told to stop: it claims nothing more), else 0.",
      type: "gauge",
      samples: [{ labels, value: worker.status.draining ? 1 : 0 }],
    },
  ];
}
