/** An execution as the page and its API show it (dates as ISO strings). */
export interface TaskRunView {
  id: string;
  taskId: string;
  taskType: string;
  /** The flowable run this one runs in (null at the flow's level). */
  parentTaskRunId?: string | null;
  /** A loop's value, on its direct children's runs. */
  value?: string | null;
  state: string;
  exitCode: number | null;
  error: string | null;
  /** What its container used (Docker stats): set when the engine gave a sample. */
  memoryPeakBytes?: number | null;
  cpuSeconds?: number | null;
  /** The worker group it was handed to ("" any worker; null: its server ran it) and who holds it. */
  queue?: string | null;
  workerId?: string | null;
  startedAt: string | null;
  endedAt: string | null;
  attempt: number;
  properties: Record<string, unknown> | null;
  outputs: {
    vars?: Record<string, unknown>;
    outputFiles?: Record<string, string>;
    metrics?: { name: string; type: string; value: number; tags?: Record<string, string> }[];
    imageId?: string;
  } | null;
  position?: number;
}

export interface ExecutionViewData {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: string;
  error: string | null;
  /** The execution this one replays. */
  replayOf?: string | null;
  /** The flow's outputs as rendered when it ended; its labels; what started it (a parent flow). */
  outputs?: Record<string, unknown> | null;
  labels?: { key: string; value: string }[];
  trigger?: Record<string, unknown> | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  inputs: string | null;
  startedBy: string | null;
  /** What kind of thing started it (manual, schedule, webhook, flow, subflow, …) and the flow's trigger id. */
  triggerType?: string | null;
  triggerId?: string | null;
  killedBy: string | null;
  taskRuns: TaskRunView[];
}
