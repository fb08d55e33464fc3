/** Accounts for test servers and benchmarks: they sign in over HTTP like a person or script would. */

export const TEST_ADMIN = { email: "admin@osprey.test", password: "test-admin-password-0" } as const;

/** What a test server needs so its first admin is TEST_ADMIN (see scripts/create-admin.ts). */
export const TEST_ADMIN_ENV = {
  OSPREY_ADMIN_EMAIL: TEST_ADMIN.email,
  OSPREY_ADMIN_PASSWORD: TEST_ADMIN.password,
} as const;

export const TEST_PASSWORD = "test-user-password-0";

/** Signs in with email and password; returns the session cookie to send as `Cookie`. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Headers for a state-changing request on a session cookie: the cookie and our own Origin. */
export function sessionHeaders(baseUrl: string, cookie: string): Record<string, string> {
  return { Cookie: cookie, Origin: baseUrl };
}

/** POSTs JSON on a session, as the pages do; anything but 201 is an error naming `what`. */
async function createAs(baseUrl: string, cookie: string, path: string, body: unknown, what: string): Promise<Response> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { ...sessionHeaders(baseUrl, cookie), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`creating ${what} failed: ${res.status} ${await res.text()}`);
  return res;
}

/** Makes an account (as an admin) with TEST_PASSWORD; returns its id. `none`: only namespace grants. */
export async function createUser(
  baseUrl: string,
  adminCookie: string,
  email: string,
  role: "admin" | "editor" | "viewer" | "none",
): Promise<string> {
  const res = await createAs(
    baseUrl,
    adminCookie,
    "/api/v1/users",
    { email, name: role, role, password: TEST_PASSWORD },
    email,
  );
  return ((await res.json()) as { id: string }).id;
}

/** Sets a user's roles on namespaces (as an admin), replacing what they had. */
export async function grantNamespaces(
  baseUrl: string,
  adminCookie: string,
  userId: string,
  grants: { namespace: string; role: "viewer" | "editor" }[],
): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/users/${userId}/namespaces`, {
    method: "PUT",
    headers: { ...sessionHeaders(baseUrl, adminCookie), "Content-Type": "application/json" },
    body: JSON.stringify({ grants }),
  });
  if (res.status !== 200) throw new Error(`granting namespaces failed: ${res.status} ${await res.text()}`);
}

/** A new API token of the signed-in user. */
export async function createToken(baseUrl: string, cookie: string, name = "test"): Promise<string> {
  const res = await createAs(baseUrl, cookie, "/api/v1/tokens", { name }, "a token");
  return ((await res.json()) as { token: string }).token;
}

/** An admin's API token on a server whose first admin is TEST_ADMIN. */
export async function adminToken(baseUrl: string): Promise<string> {
  return createToken(baseUrl, await signIn(baseUrl, TEST_ADMIN.email, TEST_ADMIN.password));
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
