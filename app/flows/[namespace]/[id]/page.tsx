import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { getFlow } from "@/lib/flows/get-flow";
import { FlowEditorLoader } from "@/components/flow-editor/FlowEditorLoader";

export const dynamic = "force-dynamic";

export default async function FlowPage({ params }: { params: Promise<{ namespace: string; id: string }> }) {
  const { namespace, id } = await params;
  try {
    const flow = await getFlow(await getDb(), namespace, id);
    return <FlowEditorLoader initialSource={flow.source} saved={{ namespace, id, revision: flow.revision }} />;
  } catch (err) {
    if (AppError.is(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
