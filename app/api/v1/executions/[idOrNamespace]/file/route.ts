import { Readable } from "node:stream";
import { getDb } from "@/lib/db/db";
import { openFileByUri } from "@/lib/files/output-files";
import { createExecutionRoute } from "@/lib/http/create-execution-route";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";
import { AppError } from "@/lib/errors/app-error";
import { getStorage } from "@/lib/storage/storage-global";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ idOrNamespace: string }> };

/** GET /api/v1/executions/{executionId}/file?path=osprey:///… — download an output file (Kestra's path), streamed. */
export const GET = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("idOrNamespace") },
  async (request, { params }: Ctx) => {
    const { idOrNamespace: executionId } = await params;
    const path = new URL(request.url).searchParams.get("path");
    if (!path) throw new AppError("BAD_REQUEST", "give the file's URI as ?path=");
    const file = await openFileByUri({ db: await getDb(), storage: getStorage() }, executionId, path);
    // A client that goes away cancels the web stream, which destroys the file stream.
    request.signal.addEventListener("abort", () => file.stream.destroy(), { once: true });
    const base = file.name.split("/").pop() ?? "file";
    return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": `attachment; filename="${base.replace(/["\\\r\n]/g, "_")}"`,
        "Content-Length": String(file.size),
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);

// This static folder shadows POST /api/v1/executions/{namespace}/file for a flow whose id is "file".
export const POST = createExecutionRoute("file");
