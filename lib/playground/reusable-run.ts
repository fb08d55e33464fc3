import { executionSource } from "../flows/execution-source";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { onlyPlayground } from "../execution-kind/execution-kind";
import type { TFlow } from "../flow/flow-schema";
import { parseFlowCached } from "../flow/parse-flow-cached";
import { ENDED, State } from "../states/states";

/** How many of a person's latest playground runs of a flow are looked through. */
const LOOKED_AT = 20;

/** A top-level task whose run can stand in for it: it ended without failing. */
const REUSABLE = new Set<string>([State.SUCCESS, State.WARNING]);

/** Objects with their keys sorted, so two definitions written in another key order compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * The playground run whose task runs stand in for `earlier` (the top-level tasks before the one run
 * alone), as Kestra's playground replays its latest run: this person's newest ended playground run
 * of the flow in which each of them succeeded. Refused (CONFLICT, saying what to do) when there is
 * none, or when one of those tasks or the flow's inputs changed since: their outputs would not be
 * what the flow as it stands makes.
 */
export async function findReusableRun(
  db: Db,
  where: { namespace: string; flowId: string; startedBy: string },
  flow: Pick<TFlow, "tasks" | "inputs">,
  earlier: string[],
  taskId: string,
) {
  const candidates = await db.execution.findMany({
    where: { ...onlyPlayground, ...where, state: { in: ENDED.list() } },
    orderBy: { createdAt: "desc" },
    take: LOOKED_AT,
    include: { taskRuns: true, files: true },
  });
  const found = candidates.find((e) =>
    earlier.every((id) =>
      e.taskRuns.some((r) => r.parentTaskRunId === null && r.taskId === id && REUSABLE.has(r.state)),
    ),
  );
  if (!found)
    throw new AppError(
      "CONFLICT",
      `no playground run of yours has run ${earlier.join(", ")} successfully yet: run up to ${taskId} instead`,
    );
  const parsed = parseFlowCached(await executionSource(db, found));
  const then = parsed.ok ? parsed.flow : null;
  const changed = earlier.find(
    (id) =>
      !then ||
      !same(
        then.tasks.find((t) => t.id === id),
        flow.tasks.find((t) => t.id === id),
      ),
  );
  if (changed)
    throw new AppError(
      "CONFLICT",
      `task ${changed} changed since the playground run that ran it: run up to ${taskId} to run it again`,
    );
  if (!same(then?.inputs ?? [], flow.inputs ?? []))
    throw new AppError(
      "CONFLICT",
      `the flow's inputs changed since the playground run that ran ${earlier.join(", ")}: run up to ${taskId} instead`,
    );
  return found;
}
export type TReusableRun = Awaited<ReturnType<typeof findReusableRun>>;
