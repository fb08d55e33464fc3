/** `*` in an allowance: every namespace may reach the one that lists it. */
export const ANY_NAMESPACE = "*";

/** What one allowance says: flows of `allowed` (and below, or any with `*`) may reach `namespace` and below. */
export interface Allowance {
  namespace: string;
  allowed: string;
}

/** Whether `namespace` is `prefix` or below it (`a.b` is within `a`; `ab` is not). */
export function isWithin(namespace: string, prefix: string): boolean {
  return namespace === prefix || namespace.startsWith(`${prefix}.`);
}

/**
 * The rule with no allowance: a flow acts with the rights of its namespace, which covers that
 * namespace and those below it, as a namespace grant does (`company.team` reaches
 * `company.team.x`, not `company`, `company.teams` or a sibling).
 */
export function reachesByDefault(from: string, target: string): boolean {
  return isWithin(target, from);
}

/** Whether a flow of `from` may reach `target`: by default, or by an allowance that covers both. */
export function reaches(allowances: readonly Allowance[], from: string, target: string): boolean {
  if (reachesByDefault(from, target)) return true;
  return allowances.some(
    (a) => isWithin(target, a.namespace) && (a.allowed === ANY_NAMESPACE || isWithin(from, a.allowed)),
  );
}

/**
 * For what a namespace shares with those below it (its KV store and namespace files, as its
 * secrets): a flow's parents too, Kestra's inheritance, besides its own namespace and those below.
 */
export function sharesByDefault(from: string, target: string): boolean {
  return reachesByDefault(from, target) || isWithin(from, target);
}
