import { getAuth } from "@/lib/auth/auth-global";

export const dynamic = "force-dynamic";

/** better-auth's own endpoints: sign-in, sign-out, session (it checks Origin and rate-limits sign-in itself). */
async function authHandler(request: Request): Promise<Response> {
  return (await getAuth()).handler(request);
}

export { authHandler as GET, authHandler as POST };
