import { test as base, expect } from "@playwright/test";

export type Role = "admin" | "editor" | "viewer";

/** The API token global-setup made for a role. */
export function tokenOf(role: Role): string {
  const token = process.env[`E2E_TOKEN_${role.toUpperCase()}`];
  if (!token) throw new Error(`no e2e token for ${role}: did e2e/global-setup.ts run?`);
  return token;
}

export function authHeaders(role: Role = "admin"): Record<string, string> {
  return { Authorization: `Bearer ${tokenOf(role)}` };
}

/**
 * Specs use this `test`: pages run as the signed-in admin (a real session cookie, from the storage
 * state), and `request`, the specs' own API calls, carries the admin's API token as a script would.
 */
export const test = base.extend({
  request: async ({ playwright, baseURL }, use) => {
    const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: authHeaders("admin") });
    await use(context);
    await context.dispose();
  },
});

export { expect };
