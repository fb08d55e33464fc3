// A count of the flows saved by this process, for caches of what saved flows declare (e.g. the states
// Flow triggers listen to: lib/triggers/flow-trigger-listen.ts) to notice a save at once. On
// globalThis: Next bundles each route's modules apart, so a module variable would be one per bundle.
const SAVES = Symbol.for("osprey.flowSaves");
const store = globalThis as Record<symbol, number>;

/** How many flows this process has saved so far. */
export function flowSaves(): number {
  return (store[SAVES] ??= 0);
}

/** A flow was saved in this process. */
export function flowSaved(): void {
  store[SAVES] = flowSaves() + 1;
}
