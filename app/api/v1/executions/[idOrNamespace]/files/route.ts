import { getDb } from "@/lib/db/db";
import { getExecution } from "@/lib/executions/get-execution";
import { listOutputFiles } from "@/lib/files/output-files";
import { createExecutionRoute } from "@/lib/http/create-execution-route";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ idOrNamespace: string }> };

/** GET — the execution's output files: task, name, size and URI (download it with …/file?path=URI). */
export const GET = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("idOrNamespace") },
  async (_request, { params }: Ctx) => {
    const { idOrNamespace: executionId } = await params;
    const db = await getDb();
    await getExecution(db, executionId);
    return Response.json({ files: await listOutputFiles(db, executionId) });
  },
);

// This static folder shadows POST /api/v1/executions/{namespace}/files for a flow whose id is "files".
export const POST = createExecutionRoute("files");
