import { z } from "zod";

/** Roles, weakest first: each role can do all that the ones before it can. */
export const ROLES = ["viewer", "editor", "admin"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/**
 * What a route needs. `signedIn` is anything a signed-in person may do for themselves (their own
 * API tokens); the rest name the weakest role that may do it.
 */
const NEEDS = {
  signedIn: "viewer",
  "flow:read": "viewer",
  "execution:read": "viewer",
  "flow:write": "editor",
  "execution:run": "editor",
  "secret:write": "editor",
  "settings:write": "admin",
  "user:manage": "admin",
} as const satisfies Record<string, TRole>;

export type Permission = keyof typeof NEEDS;

/** A role stored in the database is text: anything unknown counts as no role at all. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  const rank = ROLES.indexOf(role as TRole);
  return rank >= 0 && rank >= ROLES.indexOf(NEEDS[permission]);
}

/** The weakest role that holds a permission (shown in refusals, used by the route-guard test). */
export function weakestRoleFor(permission: Permission): TRole {
  return NEEDS[permission];
}
