"use client";

import { DiffEditor } from "@monaco-editor/react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { fetchFlowSchema } from "../flow-editor/flow-api";
import { setupMonaco } from "../flow-editor/monaco-setup";
import { useDarkMode } from "../theme/use-dark-mode";
import { send } from "../ui/api";
import { formatTime } from "../ui/format";

export interface RevisionRow {
  revision: number;
  createdBy: string | null;
  createdAt: string;
}

export interface FlowHistoryProps {
  namespace: string;
  id: string;
  revisions: RevisionRow[];
  canRestore: boolean;
}

const flowUrl = (namespace: string, id: string) =>
  `/api/v1/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`;

/** A flow's revisions: pick any two to diff side by side; restore an old one as a new revision. */
export function FlowHistory({ namespace, id, revisions, canRestore }: FlowHistoryProps) {
  const dark = useDarkMode();
  const [ready, setReady] = useState(false);
  const newest = revisions[0]?.revision ?? 1;
  const [left, setLeft] = useState(revisions[1]?.revision ?? newest);
  const [right, setRight] = useState(newest);
  const [sources, setSources] = useState<Record<number, string>>({});
  const [message, setMessage] = useState("");

  useEffect(() => {
    fetchFlowSchema().then((schema) => {
      setupMonaco(schema);
      setReady(true);
    });
  }, []);
  useEffect(() => {
    for (const rev of [left, right]) {
      if (sources[rev] !== undefined) continue;
      void send<{ source: string }>(`${flowUrl(namespace, id)}/revisions/${rev}`).then((r) =>
        setSources((s) => ({ ...s, [rev]: r.source })),
      );
    }
  }, [left, right, namespace, id, sources]);

  const restore = async (rev: number) => {
    try {
      const source =
        sources[rev] ?? (await send<{ source: string }>(`${flowUrl(namespace, id)}/revisions/${rev}`)).source;
      const saved = await send<{ revision: number }>(flowUrl(namespace, id), {
        method: "PUT",
        headers: { "Content-Type": "application/x-yaml" },
        body: source,
      });
      window.location.assign(`/flows/${namespace}/${id}/history?restored=${rev}&as=${saved.revision}`);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const picker = (label: string, value: number, set: (n: number) => void) => (
    <label className="flex items-center gap-1">
      {label}
      <select
        aria-label={label}
        value={value}
        onChange={(e) => set(Number(e.target.value))}
        className="rounded border border-slate-300 px-1 py-0.5"
      >
        {revisions.map((r) => (
          <option key={r.revision} value={r.revision}>
            rev {r.revision}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="flex h-[calc(100vh-3rem)]">
      <aside className="w-72 shrink-0 overflow-auto border-r border-slate-200 bg-white p-3 text-sm">
        <h1 className="mb-2 font-semibold">
          <Link href={`/flows/${namespace}/${id}`} className="text-sky-700 hover:underline">
            {namespace}.{id}
          </Link>{" "}
          history
        </h1>
        {message && (
          <p role="alert" className="mb-2 text-red-700">
            {message}
          </p>
        )}
        <ol data-testid="revisions">
          {revisions.map((r) => (
            <li key={r.revision} className="mb-2 rounded border border-slate-200 p-2" data-revision={r.revision}>
              <div className="flex items-center justify-between">
                <span className="font-medium">
                  rev {r.revision}
                  {r.revision === newest && <span className="ml-1 text-xs text-emerald-700">current</span>}
                </span>
                {canRestore && r.revision !== newest && (
                  <button onClick={() => void restore(r.revision)} className="text-xs text-sky-700 hover:underline">
                    Restore
                  </button>
                )}
              </div>
              <div className="text-xs text-slate-500">
                {formatTime(r.createdAt)}
                {r.createdBy ? ` · ${r.createdBy}` : ""}
              </div>
            </li>
          ))}
        </ol>
      </aside>
      <section className="flex min-w-0 flex-1 flex-col">
        <div className="flex gap-4 border-b border-slate-200 bg-white px-3 py-2 text-sm">
          {picker("From", left, setLeft)}
          {picker("To", right, setRight)}
        </div>
        <div className="min-h-0 flex-1" data-testid="diff">
          {ready && sources[left] !== undefined && sources[right] !== undefined ? (
            <DiffEditor
              theme={dark ? "vs-dark" : "vs"}
              original={sources[left]}
              modified={sources[right]}
              language="yaml"
              options={{ readOnly: true, renderSideBySide: true, minimap: { enabled: false }, fontSize: 13 }}
            />
          ) : (
            <div className="p-6 text-slate-500">Loading…</div>
          )}
        </div>
      </section>
    </div>
  );
}
