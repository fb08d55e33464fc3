import { AppError } from "../errors/app-error";

/** Tries of a tick whose execution could not be created for a reason that is neither the database nor a refusal. */
const MAX_OTHER_FAILURES = 3;

/**
 * Why a tick's execution was not created decides whether it is tried again: a refusal (bad
 * inputs, a disabled flow: an AppError) will not change, so the tick is logged and passed; the
 * database not taking the row (busy, timed out, connection lost: what a starved machine sees) is
 * tried again at every pass until it does, so a slow database loses no tick; anything else (a
 * validator that throws) a few times, so one bad tick cannot hold its schedule forever.
 */
export class TickAttempts {
  private readonly failures = new Map<string, number>();

  /** Whether to leave the tick `key` due and try it at the next pass (true), or log it and move on (false). */
  retryLater(key: string, err: unknown): boolean {
    if (AppError.is(err)) return this.settle(key);
    if (isDatabaseError(err)) return true;
    const failures = (this.failures.get(key) ?? 0) + 1;
    if (failures >= MAX_OTHER_FAILURES) return this.settle(key);
    // Bounded: a scheduler holds only the ticks it is retrying, one per schedule at most.
    if (this.failures.size > 10_000) this.failures.clear();
    this.failures.set(key, failures);
    return true;
  }

  /** The tick is done with (fired, already fired, or given up): forget its failures. */
  settle(key: string): false {
    this.failures.delete(key);
    return false;
  }
}

/**
 * An error of the database or its driver (Prisma's request errors, or a driver's coded one), as
 * opposed to the run's own; a query Prisma refuses to send (a validation error) is a bug, not the database.
 */
export function isDatabaseError(err: unknown): boolean {
  if (!(err instanceof Error) || AppError.is(err) || err.name === "PrismaClientValidationError") return false;
  return err.name.startsWith("PrismaClient") || typeof (err as { code?: unknown }).code === "string";
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
