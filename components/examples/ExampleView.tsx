"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { parse } from "yaml";
import type { TExample } from "@/lib/examples/example-file";
import { FlowGraph } from "../topology/FlowGraph";
import { buildFlowGraph } from "../topology/graph-model";
import { UseExampleDialog } from "./UseExampleDialog";

interface Props {
  example: TExample;
  /** Where the viewer may create flows: existing namespaces, and whether any other may be typed. */
  writable: { anywhere: boolean; namespaces: string[] };
}

/** One example, read-only: what it shows, its YAML and its graph, and "Use" to make it a flow of one's own. */
export function ExampleView({ example, writable }: Props) {
  const [using, setUsing] = useState(false);
  const graph = useMemo(() => buildFlowGraph(parse(example.source)), [example.source]);
  const canUse = writable.anywhere || writable.namespaces.length > 0;
  return (
    <div className="mx-auto max-w-7xl p-6">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/examples" className="text-sky-700 hover:underline">
          ← Examples
        </Link>
      </nav>
      <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <h1 className="text-xl font-semibold">{example.title}</h1>
          <p className="mt-1 text-sm text-slate-700" data-testid="example-description">
            {example.description}
          </p>
          <p className="mt-2 flex flex-wrap gap-1">
            {example.tags.map((t) => (
              <Link
                key={t}
                href={`/examples?tag=${encodeURIComponent(t)}`}
                className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-200"
              >
                {t}
              </Link>
            ))}
          </p>
        </div>
        {canUse ? (
          <button
            type="button"
            onClick={() => setUsing(true)}
            className="rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            Use
          </button>
        ) : (
          <p className="text-sm text-slate-600">Your role cannot create flows in any namespace.</p>
        )}
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <section aria-label="YAML" className="min-w-0">
          <pre
            className="max-h-[70vh] overflow-auto rounded border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800"
            data-testid="example-yaml"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrollable YAML must be reachable by keyboard
            tabIndex={0}
          >
            {example.source}
          </pre>
        </section>
        <section aria-label="Topology" className="h-[70vh] min-h-80 rounded border border-slate-200 bg-slate-50">
          <FlowGraph graph={graph} />
        </section>
      </div>
      {using && <UseExampleDialog example={example} writable={writable} onClose={() => setUsing(false)} />}
    </div>
  );
}
