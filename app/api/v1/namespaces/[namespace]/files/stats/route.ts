import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { queryOf } from "@/lib/values/paging";
import { namespaceFilesOf } from "@/lib/namespace-files/namespace-files-global";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET ?path= — a file's or folder's size, dates and type (the root's when no path). */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (request, { params }: Ctx) => {
    return Response.json(await namespaceFilesOf((await params).namespace).stats(queryOf(request).path));
  },
);
