// sequential-40-process: 40 trivial PROCESS-runner tasks one after another, from the API call to the
// end, against the same 40 commands run one after another by a shell loop: the engine's cost per task run.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { putFlow, runToEnd } from "./lib/api";
import { median } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

const run = promisify(execFile);
const TASKS = 40;
const ROUNDS = 5;
const flow = `id: seq40p
namespace: bench
tasks:
${Array.from({ length: TASKS }, (_, i) => `  - {id: t${i}, type: io.kestra.plugin.scripts.shell.Commands, taskRunner: {type: io.kestra.plugin.core.runner.Process}, commands: ["echo ${i}"]}`).join("\n")}
`;

const server = await startServer(3200, undefined, { OSPREY_ALLOW_PROCESS_RUNNER: "true" });
try {
  await putFlow(server, flow);
  await runToEnd(server, "bench", "seq40p"); // warm-up
  const osprey: number[] = [];
  const shell: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    osprey.push((await runToEnd(server, "bench", "seq40p")).ms);
    // Each command in its own shell, as the Process runner starts one per task.
    const started = performance.now();
    await run("/bin/sh", ["-c", `for i in $(seq 0 ${TASKS - 1}); do /bin/sh -c "set -e; echo $i" > /dev/null; done`]);
    shell.push(performance.now() - started);
  }
  const perTask = (median(osprey) - median(shell)) / TASKS;
  console.log(
    `sequential-${TASKS}-process (median of ${ROUNDS}): osprey ${median(osprey).toFixed(0)} ms, shell loop ${median(shell).toFixed(0)} ms, ` +
      `overhead ${perTask.toFixed(1)} ms per task run (target ≤ 15) ${perTask <= 15 ? "OK" : "ABOVE TARGET"}`,
  );
} finally {
  await server.stop();
}
