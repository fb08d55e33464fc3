// trivial-task: median of (API run → SUCCESS) over `docker run --rm` of the same image and command.
import { putFlow, runToEnd, shellFlow } from "./lib/api";
import { median, ratioLine, timeDockerRun } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const ROUNDS = Number(process.argv[2] ?? 15);
const IMAGE = "osprey/shell:latest";
const COMMAND = "echo hello";

const server = await startServer(3200);
try {
  await putFlow(server, shellFlow("trivial", IMAGE, [[COMMAND]]));
  await runToEnd(server, "bench", "trivial"); // warm-up for both sides
  await timeDockerRun(IMAGE, COMMAND);
  const osprey: number[] = [];
  const docker: number[] = [];
  // Interleave so both see the same machine state.
  for (let i = 0; i < ROUNDS; i++) {
    osprey.push((await runToEnd(server, "bench", "trivial")).ms);
    docker.push(await timeDockerRun(IMAGE, COMMAND));
  }
  console.log(ratioLine(`trivial-task (median of ${ROUNDS})`, median(osprey), median(docker), 1.15));
} finally {
  await server.stop();
}
