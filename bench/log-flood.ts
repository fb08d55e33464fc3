// log-flood: a task printing 1,000,000 lines, until every line is stored, over
// `docker run … seq 1 1000000 > /dev/null`, on SQLite and then on PostgreSQL; also the server's peak
// RSS growth.
import { call, putFlow, runToEnd, shellFlow } from "./lib/api";
import { ratioLine, rssMb, timeDockerRun } from "./lib/measure";
import { startServer } from "../lib/testing/start-server";
import { scratchPostgresDatabase } from "../lib/testing/test-database";

const LINES = Number(process.argv[2] ?? 1_000_000);
const IMAGE = "osprey/shell:latest";
const TARGETS = { SQLite: 1.3, PostgreSQL: 1.5 };

for (const [database, target] of Object.entries(TARGETS)) {
  const server = await startServer(
    3200,
    database === "PostgreSQL" ? await scratchPostgresDatabase("osprey_bench_flood_") : undefined,
  );
  try {
    await putFlow(server, shellFlow("flood", IMAGE, [[`seq 1 ${LINES}`]]));
    await timeDockerRun(IMAGE, "true"); // warm the engine
    const baseRss = rssMb(server.pid);
    let peakRss = baseRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid))), 25);
    const { ms, id } = await runToEnd(server, "bench", "flood", { pollMs: 100 });
    clearInterval(sampler);
    const logs = (await (await call(server, `/api/v1/logs/${id}?afterSeq=${LINES - 5}&limit=100`)).json()) as {
      lines: { message: string }[];
    };
    const stored = logs.lines.filter((l) => /^\d+$/.test(l.message)).at(-1)?.message;
    if (stored !== String(LINES)) throw new Error(`last stored line is ${stored}, expected ${LINES}`);
    const docker = await timeDockerRun(IMAGE, `seq 1 ${LINES}`, true);
    console.log(ratioLine(`log-flood on ${database} (${LINES} lines)`, ms, docker, target));
    const growth = peakRss - baseRss;
    console.log(
      `log-flood on ${database} peak RSS growth: ${growth.toFixed(0)} MB (target ≤ 150 MB) ${growth <= 150 ? "OK" : "ABOVE TARGET"}`,
    );
  } finally {
    await server.stop();
  }
}
