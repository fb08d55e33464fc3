import "server-only";
import { getBackgroundDb } from "../db/background-db";
import { getStorage } from "../storage/storage-global";
import { sweepPlayground } from "./sweep-playground";

/** How often the server looks for playground runs past their day. */
const SWEEP_EVERY_MS = 3600_000;

const globalForSweep = globalThis as unknown as { __ospreyPlaygroundSweep?: ReturnType<typeof setInterval> };

/**
 * Sweeps old playground runs now and then every hour, once per server process (kept across hot
 * reloads). Every server may sweep: deleting what another already deleted does nothing.
 */
export function startPlaygroundSweep(): void {
  if (globalForSweep.__ospreyPlaygroundSweep) return;
  const sweep = async () => {
    try {
      await sweepPlayground({ db: await getBackgroundDb(), storage: getStorage() });
    } catch (err) {
      console.error("[osprey] the sweep of old playground runs failed:", err);
    }
  };
  void sweep();
  globalForSweep.__ospreyPlaygroundSweep = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  globalForSweep.__ospreyPlaygroundSweep.unref();
}
