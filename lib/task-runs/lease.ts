/**
 * Leases, as every holder keeps them (an orchestrator its executions, a worker or an orchestrator its
 * task runs): renewed `RENEWALS_PER_LEASE` times per OSPREY_LEASE_MS, and taken over by the one
 * decision below. Pure: the table test in lease.test.ts is the specification.
 */
const RENEWALS_PER_LEASE = 3;

/** How often a holder renews what it holds (and does its other lease chores). */
export function renewEveryMs(leaseMs: number): number {
  return Math.max(100, Math.floor(leaseMs / RENEWALS_PER_LEASE));
}

export interface LeaseSeen {
  holder: string | null;
  heartbeatAt: Date | null;
  /** False when what it runs (its container) is out of this process's reach: another engine's. */
  reachable?: boolean;
}

/**
 * What `me` may do with a lease as read: `own` (it is mine: take it back at once, say after a
 * restart), `take` (no holder, or its holder stopped renewing it), or `leave` (held, or out of my
 * reach and not stale for long enough: one that can reattach to its container goes first).
 */
export function takeover(lease: LeaseSeen, me: string, now: number, leaseMs: number): "own" | "take" | "leave" {
  if (lease.holder === me) return "own";
  if (lease.holder === null || lease.heartbeatAt === null) return "take";
  const silentFor = now - lease.heartbeatAt.getTime();
  const waitFor = lease.reachable === false ? 2 * leaseMs : leaseMs;
  return silentFor > waitFor ? "take" : "leave";
}
