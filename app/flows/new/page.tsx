import { pageActor } from "@/lib/auth/page-actor";
import { FlowEditorLoader } from "@/components/flow-editor/FlowEditorLoader";
import { NEW_FLOW_TEMPLATE } from "@/components/flow-editor/new-flow-template";

export default async function NewFlowPage() {
  await pageActor("/flows/new");
  return <FlowEditorLoader initialSource={NEW_FLOW_TEMPLATE} saved={null} canEdit />;
}
