import { getAuth } from "@/lib/auth/auth-global";
import { errorResponse } from "@/lib/http/handle-route";
import { withBoundedBody } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

/** better-auth's own endpoints: sign-in, sign-out, session (it checks Origin and rate-limits sign-in itself). */
async function authHandler(request: Request): Promise<Response> {
  try {
    // Open to anyone (sign-in): bounded before better-auth reads the body whole.
    return (await getAuth()).handler(await withBoundedBody(request, AUTH_BODY_MAX_BYTES, "a sign-in request"));
  } catch (err) {
    return errorResponse(err);
  }
}

const AUTH_BODY_MAX_BYTES = 64 * 1024;

export { authHandler as GET, authHandler as POST };
