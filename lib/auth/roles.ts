import { z } from "zod";

/** Roles, weakest first: each role can do all that the ones before it can. */
export const ROLES = ["viewer", "editor", "admin"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** A server-wide role, or none: such a person works only where a namespace grant lets them. */
export const NO_ROLE = "none";
export const ZGlobalRole = z.enum([...ROLES, NO_ROLE]);

/**
 * What a route needs, and the weakest role that may do it. Namespaced permissions act on one
 * namespace's flows, executions, logs, files or secrets: a grant on that namespace counts for them.
 */
const NAMESPACED_NEEDS = {
  "flow:read": "viewer",
  "execution:read": "viewer",
  "flow:write": "editor",
  "execution:run": "editor",
  "secret:write": "editor",
} as const satisfies Record<string, TRole>;

/**
 * Server-wide permissions: only the server-wide role counts, except `signedIn` (who you are, your
 * own API tokens, the editor's schema), which any role anywhere gives. The settings in force say
 * what the whole server allows: reading them needs a server-wide role (viewer), not a grant.
 */
const SERVER_NEEDS = {
  signedIn: "viewer",
  "settings:read": "viewer",
  "settings:write": "admin",
  "user:manage": "admin",
  "taskType:write": "admin",
} as const satisfies Record<string, TRole>;

const NEEDS = { ...NAMESPACED_NEEDS, ...SERVER_NEEDS };

export type NamespacedPermission = keyof typeof NAMESPACED_NEEDS;
export type ServerPermission = keyof typeof SERVER_NEEDS;
export type Permission = NamespacedPermission | ServerPermission;

export function isNamespaced(permission: Permission): permission is NamespacedPermission {
  return permission in NAMESPACED_NEEDS;
}

/** A role's rank (0 = viewer); -1 for anything unknown, which counts as no role at all. */
export function rankOf(role: string | null | undefined): number {
  return ROLES.indexOf(role as TRole);
}

/** Whether a role holds a permission. A role stored in the database is text: anything unknown gets nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  const rank = rankOf(role);
  return rank >= 0 && rank >= rankOf(NEEDS[permission]);
}

/** The weakest role that holds a permission (shown in refusals, used by the route-guard test). */
export function weakestRoleFor(permission: Permission): TRole {
  return NEEDS[permission];
}
