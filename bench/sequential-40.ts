// sequential-40: a flow of 40 trivial tasks over 40 back-to-back `docker run --rm`.
import { putFlow, runToEnd, shellFlow } from "./lib/api";
import { ratioLine, timeDockerRun } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const TASKS = 40;
const IMAGE = "osprey/shell:latest";

const server = await startServer(3200);
try {
  await putFlow(
    server,
    shellFlow(
      "seq40",
      IMAGE,
      Array.from({ length: TASKS }, (_, i) => [`echo ${i}`]),
    ),
  );
  await runToEnd(server, "bench", "seq40"); // warm-up
  const osprey = (await runToEnd(server, "bench", "seq40")).ms;
  const started = performance.now();
  for (let i = 0; i < TASKS; i++) await timeDockerRun(IMAGE, `echo ${i}`);
  const docker = performance.now() - started;
  console.log(ratioLine(`sequential-${TASKS}`, osprey, docker, 1.15));
} finally {
  await server.stop();
}
