// sequential-40-process: 40 trivial PROCESS-runner tasks one after another, from the API call to the end.
import { putFlow, runToEnd } from "./lib/api";
import { median } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";

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
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) times.push((await runToEnd(server, "bench", "seq40p")).ms);
  const ms = median(times);
  console.log(
    `sequential-${TASKS}-process (median of ${ROUNDS}): ${ms.toFixed(0)} ms (target ≤ 1500) ${ms <= 1500 ? "OK" : "ABOVE TARGET"}`,
  );
} finally {
  await server.stop();
}
