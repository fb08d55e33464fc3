import type { PluginRunners } from "../../plugin-kit/plugin-task";
import { PUSH_FLOWS, PUSH_NAMESPACE_FILES, SYNC_FLOW, SYNC_FLOWS, SYNC_NAMESPACE_FILES } from "./git-schemas";
import { pushFlows, pushNamespaceFiles } from "./push-tasks";
import { syncFlow, syncFlows } from "./sync-flows";
import { syncNamespaceFiles } from "./sync-namespace-files";

/** The git tasks that run in the server; Clone is a script task (lib/flow/task-types/git-clone.ts). */
export const GIT_RUNNERS: PluginRunners = {
  [SYNC_FLOWS]: syncFlows,
  [SYNC_FLOW]: syncFlow,
  [SYNC_NAMESPACE_FILES]: syncNamespaceFiles,
  [PUSH_FLOWS]: pushFlows,
  [PUSH_NAMESPACE_FILES]: pushNamespaceFiles,
};
