// python-script: median of (API run of a Python Script task → SUCCESS) over
// `docker run --rm osprey/python python -c …` of the same code.
import { putFlow, runToEnd } from "./lib/api";
import { median, ratioLine, timeDockerRun } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const ROUNDS = Number(process.argv[2] ?? 15);
const IMAGE = "osprey/python:latest";

const server = await startServer(3200);
try {
  await putFlow(
    server,
    `id: py\nnamespace: bench\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.python.Script\n    docker:\n      image: ${IMAGE}\n    script: |\n      print("hello")\n`,
  );
  await runToEnd(server, "bench", "py");
  const osprey: number[] = [];
  const docker: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    osprey.push((await runToEnd(server, "bench", "py")).ms);
    docker.push(await timeDockerRun(IMAGE, 'python -c "print(1)"'));
  }
  console.log(ratioLine(`python-script (median of ${ROUNDS})`, median(osprey), median(docker), 1.15));
} finally {
  await server.stop();
}
