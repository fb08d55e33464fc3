import { config } from "@/lib/config";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { exportNamespaceFiles } from "@/lib/namespace-files/export-namespace-files";
import { namespaceFilesOf } from "@/lib/namespace-files/namespace-files-global";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET — every file of the namespace as `<namespace>_files.zip` (Kestra's export). */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx) => {
    const namespace = (await params).namespace;
    const zip = await exportNamespaceFiles(namespaceFilesOf(namespace), config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK);
    return new Response(zip as unknown as BodyInit, {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": `attachment; filename="${namespace}_files.zip"`,
        "Cache-Control": "no-cache",
      },
    });
  },
);
