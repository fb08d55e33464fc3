import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

/** GET /api/v1/me — who you are signed in as, your role, and your roles on namespaces. */
export const GET = handleRoute("signedIn", async (_request, _context, { userId, email, name, role, grants, via }) =>
  Response.json({ id: userId, email, name, role, namespaces: grants, via }),
);
