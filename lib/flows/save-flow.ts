import type { TConfig } from "../config";
import { config } from "../config";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { type LabelCaps, labelCapProblem, labelsOf } from "../flow/labels";
import { parseFlowCached } from "../flow/parse-flow-cached";
import { syncManifestTypes } from "../manifests/manifest-sync";
import { scheduleIntervalProblems } from "./schedule-limits";
import { syncTriggerStates } from "./trigger-state-sync";
import { flowSaved } from "./flow-saves";

export interface SavedFlow {
  namespace: string;
  id: string;
  revision: number;
  savedBy: string | null;
}

/**
 * Validates YAML and stores it exactly as written as a new revision, recording who saved it. `mode`
 * pins the namespace and id for an update (PUT), so a body cannot move another flow. A Schedule
 * firing more often than OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS is refused (`limits`, from the config unless given).
 */
export async function saveFlow(
  db: Db,
  source: string,
  mode: { create: true } | { create: false; namespace: string; id: string },
  savedBy?: string,
  limits: Pick<TConfig, "OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS"> = config,
): Promise<SavedFlow> {
  await syncManifestTypes(db);
  const flow = validateFlowSource(source, limits, config);
  const { namespace, id } = flow;
  if (!mode.create && (mode.namespace !== namespace || mode.id !== id)) {
    throw new AppError(
      "BAD_REQUEST",
      `the YAML names ${namespace}.${id} but the URL names ${mode.namespace}.${mode.id}; a flow's namespace and id cannot change`,
    );
  }
  const saved = await db.$transaction(async (tx) => {
    const existing = await tx.flow.findUnique({ where: { namespace_flowId: { namespace, flowId: id } } });
    if (mode.create && existing && !existing.deleted) {
      throw new AppError(
        "CONFLICT",
        `flow ${namespace}.${id} already exists; update it with PUT /api/v1/flows/${namespace}/${id}`,
      );
    }
    if (!mode.create && (!existing || existing.deleted))
      throw new AppError("NOT_FOUND", `flow ${namespace}.${id} not found`);
    const revision = (existing?.revision ?? 0) + 1;
    const flow = existing
      ? await tx.flow.update({ where: { id: existing.id }, data: { revision, source, deleted: false } })
      : await tx.flow.create({ data: { namespace, flowId: id, revision, source } });
    await tx.flowRevision.create({ data: { flowRef: flow.id, revision, source, createdBy: savedBy } });
    return { namespace, id, revision, savedBy: savedBy ?? null };
  });
  // The flow's triggers (next schedule tick, rows of removed triggers) follow the saved revision.
  await syncTriggerStates(db, flow);
  flowSaved();
  return saved;
}

/**
 * What saving checks before it stores anything: the flow model, then the server's caps (labels,
 * schedule frequency), which are settings and so not in the browser-safe parser. Throws INVALID_FLOW.
 */
export function validateFlowSource(
  source: string,
  limits: Pick<TConfig, "OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS">,
  caps: LabelCaps,
) {
  const parsed = parseFlowCached(source);
  if (!parsed.ok) throw new AppError("INVALID_FLOW", summarize(parsed.problems), parsed.problems);
  const labelProblem = labelCapProblem(labelsOf(parsed.flow), caps);
  if (labelProblem)
    throw new AppError("INVALID_FLOW", `invalid flow: ${labelProblem}`, [{ message: labelProblem, path: "labels" }]);
  const tooFrequent = scheduleIntervalProblems(parsed.flow, limits.OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS);
  if (tooFrequent.length) throw new AppError("INVALID_FLOW", summarize(tooFrequent), tooFrequent);
  return parsed.flow;
}

function summarize(problems: { message: string; line?: number; column?: number }[]): string {
  const first = problems[0];
  const where = first?.line ? ` (line ${first.line}, column ${first.column})` : "";
  const more = problems.length > 1 ? ` and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""}` : "";
  return `invalid flow: ${first?.message ?? "unknown problem"}${where}${more}`;
}
