import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { maskSealedInputs } from "../secrets/sealed-inputs";

export async function getExecution(db: Db, executionId: string) {
  const execution = await db.execution.findUnique({
    where: { id: executionId },
    include: { taskRuns: { orderBy: { position: "asc" } } },
  });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
  return {
    ...execution,
    // SECRET inputs are shown as ******, never sealed or clear.
    inputs: maskSealedInputs(execution.inputs),
    // Stored as JSON text; the API and the page read them as values.
    outputs: json<Record<string, unknown> | null>(execution.outputs, null),
    labels: json<{ key: string; value: string }[]>(execution.labels, []),
    trigger: json<Record<string, unknown> | null>(execution.trigger, null),
    // Kestra's name for it.
    scheduleDate: execution.scheduledFor,
    taskRuns: execution.taskRuns.map((t) => ({
      ...t,
      outputs: t.outputs ? (JSON.parse(t.outputs) as unknown) : null,
      properties: t.properties ? (JSON.parse(t.properties) as unknown) : null,
    })),
  };
}

export type TExecutionView = Awaited<ReturnType<typeof getExecution>>;
