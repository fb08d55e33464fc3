import type { WorkerView } from "@/lib/orchestrator/worker-registry";
import { formatTime } from "../ui/format";

/** Each worker: name, engine, group, capacity, what it runs now, last heartbeat, version; lost ones marked. */
export function WorkersTable({ workers }: { workers: WorkerView[] }) {
  if (workers.length === 0) return <p className="text-sm text-slate-500">No worker has reported yet.</p>;
  return (
    <table className="w-full border-collapse rounded bg-white text-sm shadow-sm" data-testid="workers">
      <thead>
        <tr className="bg-slate-100 text-left text-slate-600">
          {[
            "Name",
            "State",
            "Docker engine",
            "Group",
            "Running / capacity",
            "Last heartbeat",
            "Started",
            "Version",
          ].map((h) => (
            <th key={h} className="p-2 font-semibold">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {workers.map((w) => (
          <tr key={w.name} className="border-t border-slate-100" data-testid={`worker-${w.name}`}>
            <td className="p-2 font-mono">{w.name}</td>
            <td className="p-2">
              {w.lost ? (
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-700">LOST</span>
              ) : (
                <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-semibold text-emerald-700">
                  ALIVE
                </span>
              )}
            </td>
            <td className="p-2 font-mono text-xs">{w.engine}</td>
            <td className="p-2 text-slate-500">{w.workerGroup ?? "—"}</td>
            <td className="p-2">{w.lost ? "—" : `${w.running} / ${w.capacity}`}</td>
            <td className="p-2 text-slate-600">{formatTime(w.heartbeatAt)}</td>
            <td className="p-2 text-slate-600">{formatTime(w.startedAt)}</td>
            <td className="p-2 text-slate-500">{w.version}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
