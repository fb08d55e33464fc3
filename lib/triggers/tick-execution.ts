import { createHash } from "node:crypto";
import { errorText, type TickAttempts } from "./tick-attempts";

/**
 * The id of the one execution a tick may start: the same for every scheduler and every attempt, so
 * the database's primary key makes a second creation fail instead of running the tick twice.
 * `run` tells apart what may fire one date more than once: the schedule itself, and each backfill.
 * UUID-shaped (version 8, a name-based hash) like the random ids of other executions.
 */
export function tickExecutionId(triggerRowId: string, run: string, tick: Date): string {
  const hash = createHash("sha256").update(`${triggerRowId}\u0000${run}\u0000${tick.toISOString()}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The error of creating a row whose primary key exists: here, a tick another scheduler (or an earlier try) already fired. */
export function isDuplicateKey(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "P2002" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * What became of a tick: "fired" (its execution was created here), "already" (it existed: fired
 * by another scheduler or an earlier try), "failed" (refused or given up: logged, not retried),
 * "retry" (nothing was created: the tick must stay due and be tried at the next pass).
 */
export type TickOutcome = "fired" | "already" | "failed" | "retry";

/**
 * Creates a tick's execution under its deterministic id. The tick is moved on only after this
 * answers (never before), so a process that dies or freezes in between leaves the tick due: the
 * next try, here or on another server, creates it or finds it created, never both.
 */
export async function createTickExecution(
  create: () => Promise<unknown>,
  what: string,
  key: string,
  attempts: TickAttempts,
  log: (message: string) => void,
): Promise<TickOutcome> {
  try {
    await create();
    attempts.settle(key);
    return "fired";
  } catch (err) {
    if (isDuplicateKey(err)) {
      attempts.settle(key);
      return "already";
    }
    if (attempts.retryLater(key, err)) {
      log(`${what} did not start yet, tried again at the next pass: ${errorText(err)}`);
      return "retry";
    }
    log(`${what} did not start: ${errorText(err)}`);
    return "failed";
  }
}
