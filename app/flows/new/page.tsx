import { FlowEditorLoader } from "@/components/flow-editor/FlowEditorLoader";
import { NEW_FLOW_TEMPLATE } from "@/components/flow-editor/new-flow-template";

export default function NewFlowPage() {
  return <FlowEditorLoader initialSource={NEW_FLOW_TEMPLATE} saved={null} />;
}
