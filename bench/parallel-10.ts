// parallel-10: a Parallel of 10 container tasks (each `sleep 1`) against 10 `docker run --rm` started at once.
import { putFlow, runToEnd } from "./lib/api";
import { median, ratioLine, timeDockerRun } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const TASKS = 10;
const IMAGE = "osprey/shell:latest";
const ROUNDS = 3;

const flow = `id: par10
namespace: bench
tasks:
  - id: fan
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
${Array.from({ length: TASKS }, (_, i) => `      - {id: p${i}, type: io.kestra.plugin.scripts.shell.Commands, docker: {image: "${IMAGE}"}, commands: ["sleep 1"]}`).join("\n")}
`;

const server = await startServer(3200);
try {
  await putFlow(server, flow);
  await runToEnd(server, "bench", "par10"); // warm-up
  const osprey: number[] = [];
  const docker: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    osprey.push((await runToEnd(server, "bench", "par10")).ms);
    const started = performance.now();
    await Promise.all(Array.from({ length: TASKS }, () => timeDockerRun(IMAGE, "sleep 1")));
    docker.push(performance.now() - started);
  }
  console.log(ratioLine(`parallel-${TASKS} (median of ${ROUNDS})`, median(osprey), median(docker), 1.15));
} finally {
  await server.stop();
}
