import type { Db } from "../db/create-client";
import type { CronTicks } from "../values/cron";
import { countTicks, startOfLatestTicks } from "./tick-count";

/**
 * A schedule owing more than `maxTicks` ticks (its servers were down long under ALL, or its cron
 * fires every second) catches up on the latest `maxTicks` only: its next tick moves, by
 * compare-and-set, to the first of those. Counting stops at `maxTicks + 1` and yields to the event
 * loop as it goes, so even twenty years of a seconds cron costs one bounded, interruptible count.
 * Returns where it resumes, or null when the backlog is within the cap (nothing changed).
 */
export async function capBacklog(
  db: Db,
  row: { id: string; nextDate: Date },
  ticks: CronTicks,
  now: Date,
  maxTicks: number,
): Promise<Date | null> {
  if ((await countTicks(ticks, row.nextDate, now, maxTicks)) <= maxTicks) return null;
  const resume = await startOfLatestTicks(ticks, now, maxTicks);
  if (!resume || resume <= row.nextDate) return null;
  const moved = await db.trigger.updateMany({
    where: { id: row.id, nextDate: row.nextDate },
    data: { nextDate: resume },
  });
  return moved.count === 1 ? resume : null;
}
