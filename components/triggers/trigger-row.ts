/** A row of the Triggers page: the trigger's state, what the flow declares, and what the viewer may do. */
export interface TriggerRowView {
  namespace: string;
  flowId: string;
  triggerId: string;
  type: string;
  nextExecutionDate: string | null;
  date: string | null;
  disabled: boolean;
  backfill: { start: string; end: string; currentDate: string; paused: boolean } | null;
  cron: string | null;
  withSeconds: boolean;
  timezone: string | null;
  yamlDisabled: boolean;
  canToggle: boolean;
  canBackfill: boolean;
}

export const triggerUrl = (r: Pick<TriggerRowView, "namespace" | "flowId" | "triggerId">) =>
  `/api/v1/triggers/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.flowId)}/${encodeURIComponent(r.triggerId)}`;
