import { pageActor } from "@/lib/auth/page-actor";
import { canIn } from "@/lib/auth/namespace-roles";
import { NoRoleHere } from "@/components/auth/NoRoleHere";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { getFlow } from "@/lib/flows/get-flow";
import { visibleSource } from "@/lib/flows/visible-source";
import { FlowEditorLoader } from "@/components/flow-editor/FlowEditorLoader";

export const dynamic = "force-dynamic";

export default async function FlowPage({ params }: { params: Promise<{ namespace: string; id: string }> }) {
  const { namespace, id } = await params;
  const actor = await pageActor(`/flows/${namespace}/${id}`);
  if (!canIn(actor, "flow:read", namespace)) return <NoRoleHere namespace={namespace} />;
  try {
    const flow = await getFlow(await getDb(), namespace, id);
    return (
      <FlowEditorLoader
        initialSource={visibleSource(actor, namespace, flow.source)}
        saved={{ namespace, id, revision: flow.revision, savedBy: flow.savedBy }}
        canEdit={canIn(actor, "flow:write", namespace)}
      />
    );
  } catch (err) {
    if (AppError.is(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
