import { getExample } from "@/lib/examples/example-catalog";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** GET — one example with its flow YAML (`source`); 404 for an id the gallery does not have. */
export const GET = handleRoute("signedIn", async (_request, { params }: Ctx) =>
  Response.json(getExample((await params).id)),
);
