import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/me — who you are signed in as, and your role. */
export const GET = handleRoute("signedIn", async (_request, _context, { userId, email, name, role, via }) =>
  Response.json({ id: userId, email, name, role, via }),
);
