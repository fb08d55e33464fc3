import { request } from "@playwright/test";
import { createToken, createUser, signIn, TEST_ADMIN, TEST_PASSWORD } from "../lib/testing/accounts";

export const ROLE_EMAILS = {
  admin: TEST_ADMIN.email,
  editor: "editor@osprey.test",
  viewer: "viewer@osprey.test",
} as const;

/**
 * Before the specs, against the fresh e2e server: an editor and a viewer besides the first admin,
 * an API token for each role (for the specs' API calls, in E2E_TOKEN_<ROLE>), and the admin's
 * browser session (e2e/.auth/admin.json, every page's default storage state).
 */
export default async function globalSetup(config: { projects: { use: { baseURL?: string } }[] }) {
  const baseUrl = config.projects[0].use.baseURL!;
  const adminCookie = await signIn(baseUrl, TEST_ADMIN.email, TEST_ADMIN.password);
  await createUser(baseUrl, adminCookie, ROLE_EMAILS.editor, "editor");
  await createUser(baseUrl, adminCookie, ROLE_EMAILS.viewer, "viewer");
  process.env.E2E_TOKEN_ADMIN = await createToken(baseUrl, adminCookie, "e2e admin");
  for (const role of ["editor", "viewer"] as const) {
    process.env[`E2E_TOKEN_${role.toUpperCase()}`] = await createToken(
      baseUrl,
      await signIn(baseUrl, ROLE_EMAILS[role], TEST_PASSWORD),
      `e2e ${role}`,
    );
  }
  const browserSession = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { Origin: baseUrl } });
  const res = await browserSession.post("/api/auth/sign-in/email", {
    data: { email: TEST_ADMIN.email, password: TEST_ADMIN.password },
  });
  if (!res.ok()) throw new Error(`browser sign-in failed: ${res.status()} ${await res.text()}`);
  await browserSession.storageState({ path: "e2e/.auth/admin.json" });
  await browserSession.dispose();
}
