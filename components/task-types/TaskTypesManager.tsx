"use client";

import { useCallback, useEffect, useState } from "react";
import { ApiError, send } from "../ui/api";
import { MANIFEST_TEMPLATE } from "./manifest-template";

interface TaskTypeRow {
  type: string;
  revision: number;
  source: string;
  updatedAt: string;
}

interface Problem {
  message: string;
  line?: number;
  column?: number;
}

/**
 * Task types registered from manifests: each is a script task in the manifest's image whose
 * properties the manifest's JSON schema defines (editor completion, hover, form and validation come
 * from it). Admins register and change them; everyone sees them.
 */
export function TaskTypesManager({ canWrite }: { canWrite: boolean }) {
  const [rows, setRows] = useState<TaskTypeRow[]>([]);
  const [editing, setEditing] = useState<{ type: string | null; source: string } | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState("");

  const load = useCallback(async () => {
    const body = await send<{ taskTypes: TaskTypeRow[] }>("/api/v1/task-types");
    setRows(body.taskTypes);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    if (!editing) return;
    setProblems([]);
    try {
      const url = editing.type ? `/api/v1/task-types/${encodeURIComponent(editing.type)}` : "/api/v1/task-types";
      const saved = await send<{ type: string; revision: number; changed: boolean }>(url, {
        method: editing.type ? "PUT" : "POST",
        headers: { "Content-Type": "application/x-yaml" },
        body: editing.source,
      });
      setMessage(
        saved.changed
          ? `Saved ${saved.type}, revision ${saved.revision}`
          : `${saved.type} is unchanged (revision ${saved.revision})`,
      );
      setEditing(null);
      void load();
    } catch (err) {
      setProblems(
        err instanceof ApiError && err.problems.length ? err.problems : [{ message: (err as Error).message }],
      );
    }
  };

  const remove = async (type: string) => {
    try {
      await send(`/api/v1/task-types/${encodeURIComponent(type)}`, { method: "DELETE" });
      setMessage(`Deleted ${type}`);
    } catch (err) {
      setMessage((err as Error).message);
    }
    void load();
  };

  return (
    <div className="mx-auto max-w-5xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Task types</h1>
      <p className="mb-4 text-sm text-slate-500">
        A task type without code: a manifest names the type, gives the JSON schema of its properties, an image and the
        commands to run there. Flows use it like any task; it runs as a script task in its own container, under the same
        rules, and reports outputs with <code>{'::{"outputs": {...}}::'}</code>.
      </p>
      {message && (
        <p role="status" className="mb-3 text-sm text-emerald-700">
          {message}
        </p>
      )}
      <table className="mb-4 w-full text-left text-sm" data-testid="task-types">
        <thead>
          <tr className="border-b text-slate-500">
            <th className="py-1">Type</th>
            <th>Revision</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={4} className="py-2 text-slate-500">
                No task type is registered yet.
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.type} className="border-b" data-testid={`task-type-${row.type}`}>
              <td className="py-1 font-mono">{row.type}</td>
              <td>{row.revision}</td>
              <td>{new Date(row.updatedAt).toLocaleString()}</td>
              <td className="space-x-3 text-right">
                <button
                  type="button"
                  className="text-sky-700 hover:underline"
                  onClick={() => setEditing({ type: row.type, source: row.source })}
                >
                  {canWrite ? "Edit" : "View"}
                </button>
                {canWrite && (
                  <button
                    type="button"
                    className="text-red-700 hover:underline"
                    onClick={() => void remove(row.type)}
                    aria-label={`Delete ${row.type}`}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canWrite && !editing && (
        <button
          type="button"
          className="rounded bg-sky-700 px-3 py-1 text-sm text-white"
          onClick={() => setEditing({ type: null, source: MANIFEST_TEMPLATE })}
        >
          New task type
        </button>
      )}
      {editing && (
        <div className="space-y-2">
          <label htmlFor="manifest-source" className="block text-sm font-medium">
            {editing.type ? `Manifest of ${editing.type}` : "New manifest"} (YAML)
          </label>
          <textarea
            id="manifest-source"
            value={editing.source}
            readOnly={!canWrite}
            onChange={(e) => setEditing({ ...editing, source: e.target.value })}
            spellCheck={false}
            rows={24}
            className="w-full rounded border border-slate-300 p-2 font-mono text-xs"
          />
          {problems.length > 0 && (
            <ul className="space-y-1 text-sm text-red-700" data-testid="manifest-problems">
              {problems.map((p) => (
                <li key={`${p.line}:${p.column}:${p.message}`}>
                  {p.line ? `line ${p.line}, column ${p.column}: ` : ""}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
          <div className="space-x-2">
            {canWrite && (
              <button
                type="button"
                className="rounded bg-sky-700 px-3 py-1 text-sm text-white"
                onClick={() => void save()}
              >
                Save
              </button>
            )}
            <button type="button" className="rounded border px-3 py-1 text-sm" onClick={() => setEditing(null)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
