import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { queryOf } from "@/lib/values/paging";
import { namespaceFilesOf } from "@/lib/namespace-files/namespace-files-global";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET ?path= — a folder's entries as Kestra's FileAttributes (the root when no path). */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (request, { params }: Ctx) => {
    return Response.json(await namespaceFilesOf((await params).namespace).list(queryOf(request).path));
  },
);

/** POST ?path= — creates a folder and its parents. */
export const POST = handleRoute(
  { permission: "flow:write", namespace: namespaceParam("namespace") },
  async (request, { params }: Ctx) => {
    await namespaceFilesOf((await params).namespace).makeDirectory(queryOf(request).path);
    return new Response(null, { status: 204 });
  },
);
