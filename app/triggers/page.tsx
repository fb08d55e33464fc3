import { pageActor } from "@/lib/auth/page-actor";
import { scopeOf } from "@/lib/auth/namespace-roles";
import { getDb } from "@/lib/db/db";
import { searchTriggerStates } from "@/lib/triggers/trigger-state-search";
import { TriggersTable, type TriggerRowView } from "@/components/triggers/TriggersTable";

export const dynamic = "force-dynamic";

export default async function TriggersPage() {
  const actor = await pageActor("/triggers");
  const { results, total } = await searchTriggerStates(
    await getDb(),
    { page: 1, size: 500 },
    scopeOf(actor, "flow:read"),
  );
  const write = scopeOf(actor, "flow:write");
  const run = scopeOf(actor, "execution:run");
  const rows: TriggerRowView[] = results.map(({ abstractTrigger, triggerContext }) => {
    const declared = (abstractTrigger ?? {}) as Record<string, unknown>;
    return {
      ...triggerContext,
      cron: typeof declared.cron === "string" ? declared.cron : null,
      withSeconds: declared.withSeconds === true,
      timezone: typeof declared.timezone === "string" ? declared.timezone : null,
      yamlDisabled: declared.disabled === true,
      canToggle: write.allows(triggerContext.namespace),
      canBackfill: run.allows(triggerContext.namespace) && typeof declared.cron === "string",
    };
  });
  return (
    <div className="mx-auto max-w-6xl p-6">
      <h1 className="mb-1 text-xl font-semibold">
        Triggers <span className="text-slate-500">({total})</span>
      </h1>
      <p className="mb-4 text-sm text-slate-500">
        Every flow trigger with its next and last run. Switching one off here keeps the flow as written; a schedule
        switched back on runs the ticks it missed as its <code>recoverMissedSchedules</code> says. A backfill runs the
        schedule&apos;s past ticks.
      </p>
      <TriggersTable rows={rows} />
    </div>
  );
}
