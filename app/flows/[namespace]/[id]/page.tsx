import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/roles";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { getFlow } from "@/lib/flows/get-flow";
import { FlowEditorLoader } from "@/components/flow-editor/FlowEditorLoader";

export const dynamic = "force-dynamic";

export default async function FlowPage({ params }: { params: Promise<{ namespace: string; id: string }> }) {
  const { namespace, id } = await params;
  const actor = await pageActor(`/flows/${namespace}/${id}`);
  try {
    const flow = await getFlow(await getDb(), namespace, id);
    return <FlowEditorLoader initialSource={flow.source} saved={{ namespace, id, revision: flow.revision, savedBy: flow.savedBy }} canEdit={can(actor.role, "flow:write")} />;
  } catch (err) {
    if (AppError.is(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
