"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { TExample } from "@/lib/examples/example-file";
import { ApiError, sendJson } from "../ui/api";

interface Props {
  example: TExample;
  writable: { anywhere: boolean; namespaces: string[] };
  onClose: () => void;
}

const PREFERRED = "company.team";

/** Asks where the example's flow goes (a namespace the viewer may write, and an id), creates it and opens it. */
export function UseExampleDialog({ example, writable, onClose }: Props) {
  const router = useRouter();
  const first = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const [namespace, setNamespace] = useState(
    writable.namespaces.includes(PREFERRED) || writable.anywhere ? PREFERRED : (writable.namespaces[0] ?? ""),
  );
  const [id, setId] = useState(example.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();
  useEffect(() => first.current?.focus(), []);
  // Escape closes it wherever the focus is inside the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const saved = await sendJson<{ namespace: string; id: string }>(
        `/api/v1/examples/${encodeURIComponent(example.id)}/use`,
        "POST",
        { namespace: namespace.trim(), id: id.trim() },
      );
      router.push(`/flows/${encodeURIComponent(saved.namespace)}/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  }

  const field = "w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm";
  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center overflow-auto bg-slate-900/40 p-6">
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="use-example-title"
        data-testid="use-example-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="w-full max-w-md space-y-4 rounded-lg bg-white p-5 text-left shadow-xl"
      >
        <div className="flex items-baseline justify-between">
          <h2 id="use-example-title" className="text-lg font-semibold">
            Use “{example.title}”
          </h2>
          <button type="button" onClick={onClose} className="text-slate-500 hover:text-slate-700" aria-label="Close">
            ✕
          </button>
        </div>
        <div className="space-y-1 text-sm">
          <label htmlFor={`${fieldId}-ns`} className="block font-medium">
            Namespace
          </label>
          {writable.anywhere ? (
            <>
              <input
                id={`${fieldId}-ns`}
                ref={first}
                value={namespace}
                onChange={(e) => setNamespace(e.target.value)}
                list="use-example-namespaces"
                required
                className={field}
              />
              <datalist id="use-example-namespaces">
                {writable.namespaces.map((ns) => (
                  <option key={ns} value={ns} />
                ))}
              </datalist>
            </>
          ) : (
            <select
              id={`${fieldId}-ns`}
              ref={first}
              value={namespace}
              onChange={(e) => setNamespace(e.target.value)}
              className={field}
            >
              {writable.namespaces.map((ns) => (
                <option key={ns} value={ns}>
                  {ns}
                </option>
              ))}
            </select>
          )}
          <span className="block text-xs text-slate-600">Only namespaces where you may write flows.</span>
        </div>
        <label className="block space-y-1 text-sm">
          <span className="font-medium">Flow id</span>
          <input value={id} onChange={(e) => setId(e.target.value)} required className={field} />
        </label>
        {error && (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          >
            {busy ? "Creating…" : "Create flow"}
          </button>
        </div>
      </form>
    </div>
  );
}
