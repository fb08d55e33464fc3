"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { TFlowInput } from "@/lib/flow/flow-inputs";
import type { TLabel } from "@/lib/flow/labels";
import { RunButton } from "../run/RunButton";
import { formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";
import { allLabels, matchesFilter, type NamespaceNode, namespaceTree } from "./flow-filter";
import { type UrlFlowFilter, useFlowUrlFilter } from "./flow-url-filter";
import { NamespaceTree } from "./NamespaceTree";

/** A flow as the list shows it (dates as ISO text, as they cross from the server). */
export interface FlowListItem {
  namespace: string;
  flowId: string;
  revision: number;
  updatedAt: string;
  description: string | null;
  disabled: boolean;
  labels: TLabel[];
  inputs: TFlowInput[];
  triggers: { id: string; kind: string; disabled: boolean; cron?: string; nextDate?: string }[];
  lastExecution: { id: string; state: string; createdAt: string } | null;
  /** Whether this person may run it (execution:run in its namespace). */
  canRun: boolean;
}

/** When the list is one page of many: the filters the server applied (from the URL) and every namespace. */
export interface ServerFiltered {
  filter: UrlFlowFilter;
  tree: NamespaceNode[];
  total: number;
}

/** How long typing waits before the search goes to the URL (and the server). */
const TYPING_MS = 300;

/**
 * The flows: search, a namespace tree, label filters, each flow's last run and triggers, and Run.
 * With `server`, the filters live in the URL and the server applies them to every flow (the list is a
 * page); without, they filter the flows given, in the browser.
 */
export function FlowsTable({ flows, server }: { flows: FlowListItem[]; server?: ServerFiltered }) {
  const [local, setLocal] = useState<UrlFlowFilter>(server?.filter ?? { q: "", namespace: "", labels: [] });
  const setUrl = useFlowUrlFilter();
  const change = (c: Partial<UrlFlowFilter>) => {
    setLocal((prev) => ({ ...prev, ...c }));
    if (server && c.q === undefined) setUrl(c);
  };
  const { q } = local;
  // The namespace and labels shown are the URL's (Back and Forward change them); the search box keeps what is typed.
  const namespace = server ? server.filter.namespace : local.namespace;
  const labels = server ? server.filter.labels : local.labels;
  // Typing goes to the URL once it pauses.
  useEffect(() => {
    if (!server || q === server.filter.q) return;
    const timer = setTimeout(() => setUrl({ q }), TYPING_MS);
    return () => clearTimeout(timer);
  }, [q, server, setUrl]);
  const tree = useMemo(() => server?.tree ?? namespaceTree(flows.map((f) => f.namespace)), [flows, server]);
  const labelChoices = useMemo(
    () => [...new Set([...allLabels(flows), ...(server?.filter.labels ?? [])])].sort(),
    [flows, server],
  );
  const shown = server ? flows : flows.filter((f) => matchesFilter(f, { q, namespace, labels }));
  const toggleLabel = (l: string) =>
    change({ labels: labels.includes(l) ? labels.filter((x) => x !== l) : [...labels, l] });
  const setQ = (value: string) => change({ q: value });
  const setNamespace = (value: string) => change({ namespace: value });
  return (
    <div className="flex gap-4">
      <aside className="w-52 shrink-0">
        <NamespaceTree nodes={tree} selected={namespace} onSelect={setNamespace} />
      </aside>
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <input
            type="search"
            aria-label="Search flows"
            placeholder="Search id, namespace, description, label…"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
          <span className="text-xs text-slate-500" data-testid="flow-count">
            {server ? `${shown.length} of ${server.total.toLocaleString("en")}` : `${shown.length} of ${flows.length}`}
          </span>
        </div>
        {labelChoices.length > 0 && (
          <fieldset className="flex flex-wrap gap-1" aria-label="Filter by label" data-testid="label-filter">
            {labelChoices.map((l) => (
              <button
                key={l}
                type="button"
                aria-pressed={labels.includes(l)}
                onClick={() => toggleLabel(l)}
                className={`rounded px-1.5 py-0.5 text-xs ${labels.includes(l) ? "bg-sky-700 text-white" : "bg-slate-100 text-slate-700 hover:bg-sky-100"}`}
              >
                {l}
              </button>
            ))}
          </fieldset>
        )}
        <table className="w-full overflow-hidden rounded border border-slate-200 bg-white text-sm" data-testid="flows">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              <th className="p-2">Flow</th>
              <th className="p-2">Labels</th>
              <th className="p-2">Last execution</th>
              <th className="p-2">Triggers / next run</th>
              <th className="p-2">Revision</th>
              <th className="p-2">
                <span className="sr-only">Run</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr
                key={`${f.namespace}.${f.flowId}`}
                className="border-t border-slate-100 align-top hover:bg-slate-50"
                data-flow={`${f.namespace}.${f.flowId}`}
              >
                <td className="p-2">
                  <div className="text-xs text-slate-500">{f.namespace}</div>
                  <Link className="font-medium text-sky-700 hover:underline" href={`/flows/${f.namespace}/${f.flowId}`}>
                    {f.flowId}
                  </Link>
                  {f.disabled && (
                    <span className="ml-1 rounded bg-slate-200 px-1 text-xs text-slate-600">disabled</span>
                  )}
                  {f.description && (
                    <div className="max-w-xs truncate text-xs text-slate-500" title={f.description}>
                      {f.description}
                    </div>
                  )}
                </td>
                <td className="p-2">
                  <div className="flex max-w-[14rem] flex-wrap gap-1">
                    {f.labels.map((l) => (
                      <span key={l.key} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                        {l.key}:{l.value}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="p-2" data-testid="last-execution">
                  {f.lastExecution ? (
                    <Link href={`/executions/${f.lastExecution.id}`} className="flex flex-col gap-0.5 hover:underline">
                      <StateBadge state={f.lastExecution.state} />
                      <span className="text-xs text-slate-500">{formatTime(f.lastExecution.createdAt)}</span>
                    </Link>
                  ) : (
                    <span className="text-xs text-slate-500">never run</span>
                  )}
                </td>
                <td className="p-2 text-xs" data-testid="triggers">
                  {f.triggers.length === 0 ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    f.triggers.map((t) => (
                      <div
                        key={t.id}
                        className={t.disabled ? "text-slate-500 line-through" : "text-slate-700"}
                        title={t.id}
                      >
                        {t.kind}
                        {t.cron && <span className="ml-1 font-mono text-slate-500">{t.cron}</span>}
                        {t.nextDate && (
                          <div className="text-slate-500" data-testid="next-run">
                            next {formatTime(t.nextDate)}
                          </div>
                        )}
                      </div>
                    ))
                  )}
                </td>
                <td className="p-2 text-slate-600">
                  {f.revision}
                  <div className="text-xs text-slate-500">{formatTime(f.updatedAt)}</div>
                </td>
                <td className="p-2 text-right">
                  <RunButton
                    namespace={f.namespace}
                    flowId={f.flowId}
                    inputs={f.inputs}
                    disabled={!f.canRun || f.disabled}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="p-4 text-center text-sm text-slate-500">No flow matches.</p>}
      </div>
    </div>
  );
}
