import { randomBytes } from "node:crypto";
import type { Db } from "../db/create-client";
import type { Auth } from "./create-auth";

export type FirstAdmin = { created: false } | { created: true; email: string; generatedPassword?: string };

/**
 * Makes the first admin when no admin exists yet. Its password is the configured one, else a
 * generated one that the caller prints once (it is stored only as a scrypt hash).
 */
export async function ensureFirstAdmin(db: Db, auth: Auth, email: string, password?: string): Promise<FirstAdmin> {
  if (await db.user.count({ where: { role: "admin" } })) return { created: false };
  const generatedPassword = password ? undefined : randomBytes(18).toString("base64url");
  // Called from the server side with no request headers, better-auth's admin endpoint needs no session.
  await auth.api.createUser({
    body: { email, name: "Admin", role: "admin", password: password ?? generatedPassword! },
  });
  return { created: true, email, generatedPassword };
}
