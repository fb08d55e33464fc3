import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { listManifestRevisions } from "@/lib/manifests/manifest-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ type: string }> };

/** GET — every revision of a task type's manifest, newest first, with who saved it. */
export const GET = handleRoute("signedIn", async (_request, { params }: Ctx) =>
  Response.json({ revisions: await listManifestRevisions(await getDb(), (await params).type) }),
);
