import { config } from "../config";
import { AppError } from "../errors/app-error";
import { type LabelCaps, labelCapProblem, type TLabel } from "./labels";

/**
 * Refuses an execution's labels past the server's caps (400, naming the setting): where an
 * execution is created and where the Labels task changes them. A flow's own labels are refused
 * earlier, when it is saved (lib/flows/save-flow.ts), by the same check.
 */
export function refuseLabelsPastCaps(labels: readonly TLabel[], caps: LabelCaps = config): void {
  const problem = labelCapProblem(labels, caps);
  if (problem) throw new AppError("BAD_REQUEST", `the execution's labels are past the caps: ${problem}`);
}
