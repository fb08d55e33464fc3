import { notFound } from "next/navigation";
import { pageActor } from "@/lib/auth/page-actor";
import { canIn } from "@/lib/auth/namespace-roles";
import { NoRoleHere } from "@/components/auth/NoRoleHere";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { listRevisions } from "@/lib/flows/flow-revisions";
import { FlowHistoryLoader } from "@/components/flow-history/FlowHistoryLoader";

export const dynamic = "force-dynamic";

export default async function FlowHistoryPage({ params }: { params: Promise<{ namespace: string; id: string }> }) {
  const { namespace, id } = await params;
  const actor = await pageActor(`/flows/${namespace}/${id}/history`);
  if (!canIn(actor, "flow:read", namespace)) return <NoRoleHere namespace={namespace} />;
  try {
    const revisions = await listRevisions(await getDb(), namespace, id);
    return (
      <FlowHistoryLoader
        namespace={namespace}
        id={id}
        revisions={revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))}
        canRestore={canIn(actor, "flow:write", namespace)}
      />
    );
  } catch (err) {
    if (AppError.is(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
