import { z } from "zod";
import { controlTasks } from "./control-tasks";
import { coreTasks } from "./core-tasks";
import type { BuildTaskDefinition } from "./docker-build";
import { buildTask } from "./docker-build";
import type { EngineTaskDefinition } from "./engine-task";
import { flowBranchTasks } from "./flow-branches";
import { flowGroupTasks } from "./flow-groups";
import { flowLoopTasks } from "./flow-loops";
import { httpTasks } from "./http-tasks";
import { juliaTasks } from "./julia";
import { kvTasks } from "./kv-tasks";
import type { LogTaskDefinition } from "./log";
import { logTask } from "./log";
import { nodeTasks } from "./node";
import { pauseTasks } from "./pause";
import { pythonTasks } from "./python";
import { rTasks } from "./r";
import type { ScriptTaskDefinition } from "./script-language";
import { shellTasks } from "./shell";
import { cliTasks } from "./cli-tasks";
import { dockerRunTask } from "./docker-run";
import { dockerImageTasks } from "./docker-image-tasks";
import { purgeTasks } from "./purge-tasks";
import { gitTasks } from "./git-clone";
import { storageTasks } from "./storage";
import { executableTasks } from "./subflow";
import { setTaskSchema } from "./task-ref";
import { PLUGIN_SCHEMAS } from "../../plugins/schemas";
import { engineTask } from "./engine-task";
import { manifestTaskDefinition } from "./manifest-registry";
import { ZManifestStandIn } from "./manifest-stand-in";

/** Plugin families (lib/plugins): they run in the server, as core tasks do. */
const pluginTasks = PLUGIN_SCHEMAS.map((p) => engineTask("core", p.type, p.title, p.description, p.shape));

/** Task types a worker runs (in a container, or Log in the server). */
export type TaskDefinition = ScriptTaskDefinition | LogTaskDefinition | BuildTaskDefinition;

/** Any task type: the worker's, and the ones the engine carries out itself (flowables, Subflow, Fail…). */
export type AnyTaskDefinition = TaskDefinition | EngineTaskDefinition;
export type { EngineTaskDefinition };

const WORKER_DEFINITIONS: readonly TaskDefinition[] = [
  ...pythonTasks,
  ...nodeTasks,
  ...rTasks,
  ...juliaTasks,
  ...shellTasks,
  ...cliTasks,
  dockerRunTask,
  ...gitTasks,
  buildTask,
  logTask,
];

/** Every task type Osprey knows. Order is the order the editor offers them in. */
export const TASK_DEFINITIONS: readonly AnyTaskDefinition[] = [
  ...WORKER_DEFINITIONS,
  ...coreTasks,
  ...dockerImageTasks,
  ...kvTasks,
  ...httpTasks,
  ...flowGroupTasks,
  ...flowBranchTasks,
  ...flowLoopTasks,
  ...pauseTasks,
  ...executableTasks,
  ...storageTasks,
  ...controlTasks,
  ...purgeTasks,
  ...pluginTasks,
];

const byType = new Map<string, AnyTaskDefinition>(TASK_DEFINITIONS.map((d) => [d.type, d]));
const workerByType = new Map<string, TaskDefinition>(WORKER_DEFINITIONS.map((d) => [d.type, d]));

/** The definition a worker runs for `type` (a manifest's too); undefined for types the engine carries out itself. */
export function findTaskDefinition(type: string): TaskDefinition | undefined {
  return workerByType.get(type) ?? manifestTaskDefinition(type);
}

/** The definition of any task type (worker, engine, or a manifest's), by its canonical type. */
export function findAnyTaskDefinition(type: string): AnyTaskDefinition | undefined {
  return byType.get(type) ?? manifestTaskDefinition(type);
}

/** Whether Osprey itself has `type` (a manifest may not take it). */
export function isBuiltInTaskType(type: string): boolean {
  return byType.has(type);
}

export const TASK_TYPES: readonly string[] = TASK_DEFINITIONS.map((d) => d.type);

type TaskObject = z.ZodObject<{ type: z.ZodLiteral<string> }>;

/** One task: its `type` picks which schema checks the rest (aliases are rewritten before). */
export const ZTask = z
  .discriminatedUnion("type", [
    ...TASK_DEFINITIONS.map((d) => d.schema.meta({ title: d.title })),
    ZManifestStandIn,
  ] as unknown as [TaskObject, ...TaskObject[]])
  .meta({ id: "task", description: "A task. Its `type` names what it does." });

setTaskSchema(ZTask);
