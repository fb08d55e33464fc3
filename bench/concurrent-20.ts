// concurrent-20: 20 executions of a one-task flow (`sleep 2` in a container) started at once, with the
// default concurrency (sized from this machine's cores and memory; OSPREY_CONCURRENCY overrides it,
// for the server too), against 20 `docker run --rm` at once.
import { putFlow, runToEnd, shellFlow } from "./lib/api";
import { median, ratioLine, timeDockerRun } from "./lib/measure";
import { config } from "../lib/config";
import { startServer } from "../lib/testing/start-server";

const RUNS = 20;
const IMAGE = "osprey/shell:latest";
const ROUNDS = 3;

const server = await startServer(3200);
try {
  await putFlow(server, shellFlow("conc", IMAGE, [["sleep 2"]]));
  await runToEnd(server, "bench", "conc"); // warm-up
  const osprey: number[] = [];
  const docker: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    await Promise.all(Array.from({ length: RUNS }, () => runToEnd(server, "bench", "conc")));
    osprey.push(performance.now() - started);
    started = performance.now();
    await Promise.all(Array.from({ length: RUNS }, () => timeDockerRun(IMAGE, "sleep 2")));
    docker.push(performance.now() - started);
  }
  console.log(
    ratioLine(
      `concurrent-${RUNS}, concurrency ${config.OSPREY_CONCURRENCY} (median of ${ROUNDS})`,
      median(osprey),
      median(docker),
      1.25,
    ),
  );
} finally {
  await server.stop();
}
