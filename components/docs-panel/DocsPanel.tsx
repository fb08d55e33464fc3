"use client";

import { useEffect, useState } from "react";
import type { JsonSchema } from "../flow-editor/task-schema";
import type { CursorSource } from "./cursor-source";
import { docFor } from "./docs-sources";
import { DocText, Examples, PropertyList } from "./DocsSections";
import { typesAtOffset } from "./type-at-cursor";
import type { TypeDoc } from "./type-doc";

/** Long enough that holding an arrow key does not re-render the panel on every line. */
const FOLLOW_MS = 150;

/**
 * The documentation of the task, trigger or condition under the editor's cursor, from the same
 * schema the editor completes and hovers with. Keeps the last one shown while the cursor is
 * outside any (on `tasks:`, between two tasks).
 */
export function DocsPanel({ cursor, schema }: { cursor: CursorSource | null; schema: JsonSchema | null }) {
  const [doc, setDoc] = useState<TypeDoc | null>(null);
  useEffect(() => {
    if (!cursor || !schema) return;
    const follow = () => {
      const found = docFor(schema, typesAtOffset(cursor.text(), cursor.offset()));
      if (found) setDoc((prev) => (prev?.type === found.type && prev.kind === found.kind ? prev : found));
    };
    follow();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = cursor.onMove(() => {
      clearTimeout(timer);
      timer = setTimeout(follow, FOLLOW_MS);
    });
    return () => {
      clearTimeout(timer);
      subscription.dispose();
    };
  }, [cursor, schema]);

  if (!schema) return <p className="p-4 text-sm text-slate-500">Loading the documentation…</p>;
  if (!doc)
    return (
      <p className="p-4 text-sm text-slate-600" data-testid="docs-empty">
        Put the cursor in a task, trigger or condition to read its documentation here.
      </p>
    );
  return (
    <article className="space-y-4 p-3 text-sm" data-testid="docs-panel" aria-live="polite">
      <header>
        <h2 className="text-base font-semibold" data-testid="docs-title">
          {doc.title}
        </h2>
        <p className="break-all font-mono text-[11px] text-slate-600">
          {doc.kind} · {doc.type}
        </p>
        {doc.description && (
          <p className="mt-2 text-slate-800">
            <DocText text={doc.description} />
          </p>
        )}
      </header>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">Properties</h3>
        <PropertyList items={doc.properties} testId="docs-properties" />
      </section>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">Outputs</h3>
        {doc.outputs.length > 0 ? (
          <PropertyList items={doc.outputs} testId="docs-outputs" />
        ) : (
          <p className="text-xs text-slate-600">None.</p>
        )}
      </section>
      {doc.examples.length > 0 && (
        <section>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">Examples</h3>
          <Examples examples={doc.examples} />
        </section>
      )}
    </article>
  );
}
