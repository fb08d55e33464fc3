import type { BuildTaskDefinition } from "./docker-build";
import { buildTask } from "./docker-build";
import { juliaTasks } from "./julia";
import type { LogTaskDefinition } from "./log";
import { logTask } from "./log";
import { nodeTasks } from "./node";
import { pythonTasks } from "./python";
import { rTasks } from "./r";
import type { ScriptTaskDefinition } from "./script-language";
import { shellTasks } from "./shell";

export type TaskDefinition = ScriptTaskDefinition | LogTaskDefinition | BuildTaskDefinition;

/** Every task type Osprey knows. Order is the order the editor offers them in. */
export const TASK_DEFINITIONS: readonly TaskDefinition[] = [
  ...pythonTasks,
  ...nodeTasks,
  ...rTasks,
  ...juliaTasks,
  ...shellTasks,
  buildTask,
  logTask,
];

const byType = new Map(TASK_DEFINITIONS.map((d) => [d.type, d]));

export function findTaskDefinition(type: string): TaskDefinition | undefined {
  return byType.get(type);
}

export const TASK_TYPES: readonly string[] = TASK_DEFINITIONS.map((d) => d.type);
