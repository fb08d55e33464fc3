// foreach-100-process: a ForEach over 100 values, 10 at a time, each a PROCESS-runner command, against
// the same 100 commands run 10 at a time by a shell (xargs -P 10): the engine's cost per task run.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { putFlow, runToEnd } from "./lib/api";
import { median } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const run = promisify(execFile);
const VALUES = 100;
const LIMIT = 10;
const ROUNDS = 3;

const flow = `id: each100
namespace: bench
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ${JSON.stringify(Array.from({ length: VALUES }, (_, i) => `v${i}`))}
    concurrencyLimit: ${LIMIT}
    tasks:
      - id: cmd
        type: io.kestra.plugin.scripts.shell.Commands
        taskRunner: {type: io.kestra.plugin.core.runner.Process}
        commands: ["echo {{ taskrun.value }}"]
`;

const server = await startServer(3200, undefined, { OSPREY_ALLOW_PROCESS_RUNNER: "true" });
try {
  await putFlow(server, flow);
  await runToEnd(server, "bench", "each100"); // warm-up
  const osprey: number[] = [];
  const shell: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    osprey.push((await runToEnd(server, "bench", "each100")).ms);
    const started = performance.now();
    await run("/bin/sh", [
      "-c",
      `seq 0 ${VALUES - 1} | xargs -P ${LIMIT} -I{} /bin/sh -c 'set -e; echo v{}' > /dev/null`,
    ]);
    shell.push(performance.now() - started);
  }
  const perTask = (median(osprey) - median(shell)) / VALUES;
  console.log(
    `foreach-${VALUES}-process (limit ${LIMIT}, median of ${ROUNDS}): osprey ${median(osprey).toFixed(0)} ms, shell ${median(shell).toFixed(0)} ms, ` +
      `overhead ${perTask.toFixed(1)} ms per task run (target ≤ 15) ${perTask <= 15 ? "OK" : "ABOVE TARGET"}`,
  );
} finally {
  await server.stop();
}
