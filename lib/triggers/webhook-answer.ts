import type { Db } from "../db/create-client";
import { isTerminalState, State } from "../states/states";
import { sleep } from "../values/sleep";

/**
 * What a Webhook with `wait` answers once its execution ends (Kestra's Webhook.evaluate): the
 * execution's summary, or with `returnOutputs` the flow's outputs (text with `text/plain`), with
 * `responseCode` or 200 (500 when it failed).
 */
export interface WaitedAnswer {
  status: number;
  body: string;
  contentType: string;
}

/** Polls the stored execution until it ends, the caller goes away, or `maxMs` pass (then null). */
export async function waitForExecutionEnd(
  db: Db,
  executionId: string,
  signal: AbortSignal,
  maxMs: number,
): Promise<{ state: string; outputs: string | null } | null> {
  const deadline = Date.now() + maxMs;
  for (let pause = 100; !signal.aborted && Date.now() < deadline; pause = Math.min(pause * 2, 1000)) {
    const row = await db.execution.findUnique({ where: { id: executionId }, select: { state: true, outputs: true } });
    if (!row || isTerminalState(row.state)) return row;
    await sleep(Math.min(pause, Math.max(0, deadline - Date.now())), signal);
  }
  return null;
}

export function waitedAnswer(
  ended: { state: string; outputs: string | null },
  summary: Record<string, unknown>,
  options: { returnOutputs: boolean; contentType?: string; status?: number },
): WaitedAnswer {
  const status = options.status ?? (ended.state === State.FAILED ? 500 : 200);
  if (!options.returnOutputs) return { status, body: JSON.stringify(summary), contentType: "application/json" };
  const outputs = (ended.outputs ? JSON.parse(ended.outputs) : {}) as Record<string, unknown>;
  if (options.contentType !== "text/plain")
    return { status, body: JSON.stringify(outputs), contentType: "application/json" };
  // As text: a flow with one output answers its value (a handshake's token); several, as JSON.
  const values = Object.values(outputs);
  const only = values.length === 1 ? values[0] : outputs;
  return { status, body: typeof only === "string" ? only : JSON.stringify(only), contentType: "text/plain" };
}
