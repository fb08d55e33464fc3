// A scheduler alone in its own process, on the configured DATABASE_URL: tests start it beside an
// in-process one to prove two processes fire each tick once, and freeze it (SIGSTOP) to prove a
// late scheduler loses nothing and fires nothing twice. Run with node itself (start-scheduler.ts),
// so a signal reaches the scheduler and not a wrapper. Its only argument: the longest sleep in ms.
import { config } from "../config";
import { createDb } from "../db/create-client";
import { Scheduler } from "../triggers/scheduler";

const maxSleepMs = Number(process.argv[2] ?? 1000);
const db = await createDb(config.DATABASE_URL);
const scheduler = new Scheduler({ db, maxSleepMs, log: (m) => console.error(`[scheduler ${process.pid}] ${m}`) });
scheduler.start();
// The parent waits for this line before it counts on the scheduler.
process.stdout.write("ready\n");

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void scheduler
      .stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0));
  });
}
