/** A log line as the API sends it (mirrors lib/logs/log-line.ts without importing server code). */
export interface ClientLogLine {
  seq: number;
  taskRunId: string | null;
  taskId: string | null;
  timestamp: number;
  stream: "stdout" | "stderr" | "system";
  level: string;
  message: string;
}

export interface ClientStateEvent {
  taskRunId: string | null;
  taskId: string | null;
  state: string;
  at: number;
  message?: string;
}
