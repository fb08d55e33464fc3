"use client";

import { Fragment, useState } from "react";
import type { ExampleDoc } from "@/lib/flow/task-types/task-examples";
import type { PropertyDoc } from "./type-doc";

/** Descriptions are Markdown-ish: `code` spans shown as code, the rest as text. */
export function DocText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 ? (
          <code key={i} className="rounded bg-slate-100 px-0.5 font-mono text-[11px]">
            {part}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** Properties or outputs: name, type, required and default, then the description. */
export function PropertyList({ items, testId }: { items: PropertyDoc[]; testId: string }) {
  return (
    <dl className="divide-y divide-slate-100" data-testid={testId}>
      {items.map((p) => (
        <div key={p.name} className="py-1.5" data-testid="docs-property" data-name={p.name}>
          <dt className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-mono text-xs font-semibold">{p.name}</span>
            {p.required && <span className="text-[10px] font-medium uppercase text-red-700">required</span>}
            <span className="font-mono text-[11px] text-slate-600">{p.type}</span>
            {p.default !== undefined && (
              <span className="text-[11px] text-slate-600">
                default <code className="font-mono">{p.default}</code>
              </span>
            )}
          </dt>
          {p.description && (
            <dd className="text-xs text-slate-700">
              <DocText text={p.description} />
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

export function Examples({ examples }: { examples: readonly ExampleDoc[] }) {
  const [copied, setCopied] = useState<number | null>(null);
  return (
    <div className="space-y-3" data-testid="docs-examples">
      {examples.map((e, i) => (
        <figure key={e.title}>
          <figcaption className="mb-1 flex items-center text-xs font-medium">
            {e.title}
            <button
              type="button"
              className="ml-auto rounded border border-slate-300 px-1.5 text-[11px] hover:bg-slate-100"
              onClick={() => void navigator.clipboard.writeText(e.code).then(() => setCopied(i))}
            >
              {copied === i ? "Copied" : "Copy"}
            </button>
          </figcaption>
          <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-snug">{e.code}</pre>
        </figure>
      ))}
    </div>
  );
}
