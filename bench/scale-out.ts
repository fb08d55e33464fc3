// scale-out: 60 executions of a one-task flow (`sleep 2` in a container) started at once on a web
// server (OSPREY_ROLE=web, PostgreSQL) whose workers run the containers: first 1 worker, then 3
// workers on 2 Docker engines (the second in its own network namespace). Throughput is compared
// between the two, and against 60 parallel `docker run --rm` spread over the same two engines as
// the workers' capacity is (two thirds on the first, which two of the three workers use).
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { putFlow, runToEnd, shellFlow } from "./lib/api";
import { median } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";
import { startWorker, type WorkerProcess } from "../lib/testing/start-worker";
import { scratchPostgresDatabase } from "../lib/testing/test-database";

const RUNS = 60;
const ROUNDS = 2;
const IMAGE = "osprey/shell:latest";
const run = promisify(execFile);
const engine2 = execFileSync("bash", ["scripts/ensure-second-engine.sh"], { encoding: "utf8" }).match(
  /OSPREY_TEST_DOCKER_HOST_2=(\S+)/,
)![1];

const url = await scratchPostgresDatabase("osprey_bench_scale_");
const server = await startServer(3210, url, { OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "bench-web" });
const workers: WorkerProcess[] = [];
const batch = async () => {
  const started = performance.now();
  await Promise.all(Array.from({ length: RUNS }, () => runToEnd(server, "bench", "scale")));
  return performance.now() - started;
};
const dockerBatch = async () => {
  const started = performance.now();
  // Spread as the workers' capacity is: two of the three workers are on the first engine.
  await Promise.all(
    Array.from({ length: RUNS }, (_, i) =>
      run("docker", [...(i % 3 === 2 ? ["-H", engine2] : []), "run", "--rm", IMAGE, "/bin/sh", "-c", "sleep 2"]),
    ),
  );
  return performance.now() - started;
};
try {
  await putFlow(server, shellFlow("scale", IMAGE, [["sleep 2"]]));
  workers.push(await startWorker(url, "bench-worker-1"));
  await runToEnd(server, "bench", "scale"); // warm-up
  const one: number[] = [];
  for (let round = 0; round < ROUNDS; round++) one.push(await batch());
  workers.push(
    await startWorker(url, "bench-worker-2"),
    await startWorker(url, "bench-worker-3", { DOCKER_HOST: engine2 }),
  );
  const three: number[] = [];
  const docker: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    three.push(await batch());
    docker.push(await dockerBatch());
  }
  const [t1, t3, td] = [median(one), median(three), median(docker)];
  console.log(
    `scale-out, ${RUNS} × sleep 2: 1 worker ${t1.toFixed(0)} ms, 3 workers on 2 engines ${t3.toFixed(0)} ms: ${(t1 / t3).toFixed(2)}× the throughput (median of ${ROUNDS})`,
  );
  const vsDocker = td / t3;
  console.log(
    `scale-out, 3 workers vs ${RUNS} parallel docker run spread 2:1 over the same 2 engines: osprey ${t3.toFixed(0)} ms, docker ${td.toFixed(0)} ms, throughput ${vsDocker.toFixed(2)}× docker's (target ≥ 0.8) ${vsDocker >= 0.8 ? "OK" : "BELOW TARGET"}`,
  );
} finally {
  await Promise.all(workers.map((w) => w.stop()));
  await server.stop();
  // The workers' containers end with their tasks; none is left when every execution ended.
}
