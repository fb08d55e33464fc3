import { canIn } from "@/lib/auth/namespace-roles";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { importedSources, importFlows, MAX_IMPORT_BYTES } from "@/lib/flows/import-flows";
import { handleRoute } from "@/lib/http/handle-route";
import { readBoundedBody, withBoundedBody } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/flows/import (Kestra's path): a ZIP of YAML files or one YAML of several documents,
 * as the raw body or as a multipart `fileUpload`. Each flow is saved or refused with its problems.
 */
export const POST = handleRoute(
  { permission: "flow:write", namespaces: "visible" },
  async (request, _context, actor) => {
    const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    let body: Uint8Array;
    if (type === "multipart/form-data") {
      const form = await (await withBoundedBody(request, MAX_IMPORT_BYTES, "an import")).formData().catch(() => {
        throw new AppError("BAD_REQUEST", "the form body could not be read");
      });
      const file = form.get("fileUpload") ?? [...form.values()].find((v) => typeof v !== "string");
      if (!file || typeof file === "string")
        throw new AppError("BAD_REQUEST", "send the flows as the file field `fileUpload`");
      body = new Uint8Array(await file.arrayBuffer());
    } else body = await readBoundedBody(request, MAX_IMPORT_BYTES, "an import");
    const result = await importFlows(await getDb(), importedSources(body), actor.email, (ns) =>
      canIn(actor, "flow:write", ns),
    );
    return Response.json(result, { status: 200 });
  },
);
