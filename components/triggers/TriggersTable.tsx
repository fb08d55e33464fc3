"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson, send } from "@/components/ui/api";
import { formatTime } from "@/components/ui/format";
import { BackfillForm } from "./BackfillForm";
import { triggerUrl, type TriggerRowView } from "./trigger-row";

export type { TriggerRowView };

/** The Triggers page's table: each flow trigger, its schedule, next and last run, a switch and a backfill form. */
export function TriggersTable({ rows }: { rows: TriggerRowView[] }) {
  const router = useRouter();
  const [message, setMessage] = useState("");
  const [open, setOpen] = useState<string | null>(null);

  const act = async (what: Promise<unknown>, done: string) => {
    try {
      await what;
      setMessage(done);
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    }
    router.refresh();
  };

  if (rows.length === 0) {
    return (
      <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
        No flow has a trigger yet: add <code>triggers:</code> to a flow.
      </p>
    );
  }
  return (
    <>
      {message && (
        <p className="mb-3 rounded bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status">
          {message}
        </p>
      )}
      <table className="w-full overflow-hidden rounded border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr>
            <th className="p-2">Flow</th>
            <th className="p-2">Trigger</th>
            <th className="p-2">Type</th>
            <th className="p-2">Cron</th>
            <th className="p-2">Time zone</th>
            <th className="p-2">Next run</th>
            <th className="p-2">Last run</th>
            <th className="p-2">Enabled</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const key = `${r.namespace}.${r.flowId}.${r.triggerId}`;
            const off = r.disabled || r.yamlDisabled;
            return (
              <TriggerRowFragment
                key={key}
                colSpan={9}
                open={open === key}
                form={
                  <BackfillForm
                    row={r}
                    onDone={(m) => {
                      setOpen(null);
                      setMessage(m);
                      router.refresh();
                    }}
                  />
                }
              >
                <tr className="border-t border-slate-100 align-top hover:bg-slate-50" data-testid={`trigger-${key}`}>
                  <td className="p-2">
                    <div className="text-xs text-slate-500">{r.namespace}</div>
                    <Link
                      className="font-medium text-sky-700 hover:underline"
                      href={`/flows/${r.namespace}/${r.flowId}`}
                    >
                      {r.flowId}
                    </Link>
                  </td>
                  <td className="p-2 font-mono">{r.triggerId}</td>
                  <td className="p-2" title={r.type}>
                    {r.type.split(".").pop()}
                  </td>
                  <td className="p-2 font-mono">
                    {r.cron ?? "—"}
                    {r.withSeconds && <span className="ml-1 text-xs text-slate-500">(s)</span>}
                  </td>
                  <td className="p-2 text-slate-600">{r.timezone ?? "—"}</td>
                  <td className="p-2" data-testid="next-run">
                    {!off && r.nextExecutionDate ? formatTime(r.nextExecutionDate) : "—"}
                  </td>
                  <td className="p-2 text-slate-600">{r.date ? formatTime(r.date) : "—"}</td>
                  <td className="p-2">
                    {r.yamlDisabled ? (
                      <span className="text-xs text-slate-500" title="disabled: true in the flow">
                        off in YAML
                      </span>
                    ) : (
                      <button
                        type="button"
                        role="switch"
                        aria-checked={!r.disabled}
                        aria-label={`${r.disabled ? "Enable" : "Disable"} trigger ${r.triggerId} of ${r.flowId}`}
                        disabled={!r.canToggle}
                        onClick={() =>
                          act(
                            sendJson(triggerUrl(r), "PUT", { disabled: !r.disabled }),
                            `${r.triggerId} of ${r.flowId} ${r.disabled ? "enabled" : "disabled"}`,
                          )
                        }
                        className={`relative h-5 w-9 rounded-full transition disabled:opacity-50 ${r.disabled ? "bg-slate-300" : "bg-emerald-500"}`}
                      >
                        <span
                          className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition ${r.disabled ? "left-0.5" : "left-4"}`}
                        />
                      </button>
                    )}
                  </td>
                  <td className="p-2 text-right">
                    {r.backfill ? (
                      <BackfillStatus row={r} act={act} />
                    ) : (
                      r.canBackfill && (
                        <button
                          type="button"
                          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                          onClick={() => setOpen(open === key ? null : key)}
                        >
                          Backfill
                        </button>
                      )
                    )}
                  </td>
                </tr>
              </TriggerRowFragment>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function TriggerRowFragment({
  children,
  open,
  form,
  colSpan,
}: {
  children: React.ReactNode;
  open: boolean;
  form: React.ReactNode;
  colSpan: number;
}) {
  return (
    <>
      {children}
      {open && (
        <tr className="bg-slate-50">
          <td colSpan={colSpan} className="p-3">
            {form}
          </td>
        </tr>
      )}
    </>
  );
}

function BackfillStatus({
  row,
  act,
}: {
  row: TriggerRowView;
  act: (what: Promise<unknown>, done: string) => Promise<void>;
}) {
  const b = row.backfill!;
  const url = `${triggerUrl(row)}/backfill`;
  return (
    <div className="flex flex-col items-end gap-1 text-xs" data-testid="backfill-status">
      <span className="text-slate-600">
        Backfill {b.paused ? "paused" : "running"} at {formatTime(b.currentDate)} (to {formatTime(b.end)})
      </span>
      {row.canBackfill && (
        <span className="flex gap-1">
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
            onClick={() =>
              act(sendJson(url, "PUT", { paused: !b.paused }), b.paused ? "Backfill resumed" : "Backfill paused")
            }
          >
            {b.paused ? "Resume" : "Pause"}
          </button>
          <button
            type="button"
            className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50"
            onClick={() => act(send(url, { method: "DELETE" }), "Backfill cancelled")}
          >
            Cancel
          </button>
        </span>
      )}
    </div>
  );
}
