import { can, isNamespaced, type NamespacedPermission, type Permission, rankOf, ROLES, type TRole } from "./roles";

/** Who a decision is about: their server-wide role (maybe none) and their namespace grants. */
export interface Person {
  role: string;
  grants: readonly { namespace: string; role: string }[];
}

/** A grant on `prefix` covers it and every namespace below it: `a.b` covers `a.b` and `a.b.c`, not `a.bc`. */
export function covers(prefix: string, namespace: string): boolean {
  return namespace === prefix || namespace.startsWith(`${prefix}.`);
}

/**
 * A person's role in a namespace: the strongest of their server-wide role and every grant whose
 * prefix covers it; null when they have none there (then they may not even see what is in it).
 */
export function roleIn(namespace: string, person: Person): TRole | null {
  let best = rankOf(person.role);
  for (const grant of person.grants) if (covers(grant.namespace, namespace)) best = Math.max(best, rankOf(grant.role));
  return best >= 0 ? ROLES[best] : null;
}

/** Whether the person may do `permission` in `namespace`. */
export function canIn(person: Person, permission: NamespacedPermission, namespace: string): boolean {
  return can(roleIn(namespace, person), permission);
}

/**
 * Whether the person may do `permission` somewhere: a namespaced one in their server-wide role or
 * in any grant; `signedIn` with any role anywhere; the other server-wide ones in their server-wide role only.
 */
export function canSomewhere(person: Person, permission: Permission): boolean {
  if (can(person.role, permission)) return true;
  if (!isNamespaced(permission) && permission !== "signedIn") return false;
  const needed: NamespacedPermission = permission === "signedIn" ? "flow:read" : permission;
  return person.grants.some((g) => can(g.role, needed));
}

/** Which namespaces a person may act in for a permission: lists keep only those. */
export interface NamespaceScope {
  /** True when every namespace is allowed (a server-wide role), so a list need not filter. */
  everywhere: boolean;
  allows(namespace: string): boolean;
}

export function scopeOf(person: Person, permission: NamespacedPermission): NamespaceScope {
  const everywhere = can(person.role, permission);
  return { everywhere, allows: (namespace) => everywhere || canIn(person, permission, namespace) };
}
