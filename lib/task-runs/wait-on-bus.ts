import type { BusEvent, LogBus } from "../logs/log-bus";
import { LeaseLostError } from "./held-leases";

/** How often a waiter reads the store anyway: a notification from another process may be lost. */
export const RECHECK_MS = 2_000;

/** What ends a wait: a kill (`signal`: `check` sees it and answers), or a takeover (`detach`: a LeaseLostError). */
export interface WaitStops {
  signal: AbortSignal;
  detach?: AbortSignal;
}

/**
 * Calls `check` until it returns a value, between checks waiting for a bus event that `wakes` (of
 * any of `executionIds`), a stop, or RECHECK_MS: a paused task or a parent waiting on children
 * costs one read per change instead of several reads a second each.
 */
export async function waitOnBus<T>(
  bus: LogBus,
  executionIds: readonly string[],
  wakes: (e: BusEvent) => boolean,
  stops: WaitStops,
  check: () => Promise<T | undefined>,
): Promise<T> {
  let wake: () => void = () => undefined;
  let woken = false;
  const poke = () => {
    woken = true;
    wake();
  };
  const unsubscribe = executionIds.map((id) => bus.subscribe(id, (e) => wakes(e) && poke()));
  stops.signal.addEventListener("abort", poke);
  stops.detach?.addEventListener("abort", poke);
  try {
    for (;;) {
      woken = false;
      if (stops.detach?.aborted) throw new LeaseLostError("a waiting task run");
      const found = await check();
      if (found !== undefined) return found;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RECHECK_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  } finally {
    for (const off of unsubscribe) off();
    stops.signal.removeEventListener("abort", poke);
    stops.detach?.removeEventListener("abort", poke);
  }
}
