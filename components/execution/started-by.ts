/** What an execution records about what started it. */
export interface ExecutionOrigin {
  triggerType?: string | null;
  triggerId?: string | null;
  startedBy?: string | null;
  replayOf?: string | null;
  trigger?: Record<string, unknown> | null;
}

/** How to say what started it: words, the trigger's id, and the execution it came from (a link). */
export interface OriginText {
  kind: "person" | "schedule" | "backfill" | "webhook" | "http" | "poll" | "flow" | "subflow" | "replay" | "unknown";
  /** Short words for a list cell; the page adds the id and link. */
  label: string;
  triggerId?: string;
  from?: { executionId: string; flow?: string };
}

/** What started the execution, in the words the execution page and the list show. */
export function describeOrigin(e: ExecutionOrigin): OriginText {
  const t = e.trigger ?? {};
  const parent =
    typeof t.executionId === "string"
      ? {
          executionId: t.executionId,
          flow: typeof t.flowId === "string" ? `${String(t.namespace)}.${t.flowId}` : undefined,
        }
      : undefined;
  const triggerId = e.triggerId ?? undefined;
  switch (e.triggerType) {
    case "schedule":
      return { kind: "schedule", label: "schedule", triggerId };
    case "backfill":
      return { kind: "backfill", label: "backfill", triggerId };
    case "webhook":
      return { kind: "webhook", label: "webhook", triggerId };
    case "http":
      return { kind: "http", label: "HTTP trigger", triggerId };
    case "poll":
      return { kind: "poll", label: "polling trigger", triggerId };
    case "flow":
      return { kind: "flow", label: "flow trigger", triggerId, from: parent };
    case "subflow":
      return { kind: "subflow", label: "subflow", from: parent };
    case "replay":
      return { kind: "replay", label: "replay", from: e.replayOf ? { executionId: e.replayOf } : undefined };
  }
  // Older executions have no triggerType: a parent's ids mean a subflow, a replayOf a replay.
  if (parent) return { kind: "subflow", label: "subflow", from: parent };
  if (e.replayOf) return { kind: "replay", label: "replay", from: { executionId: e.replayOf } };
  if (e.startedBy) return { kind: "person", label: e.startedBy };
  return { kind: "unknown", label: "" };
}
