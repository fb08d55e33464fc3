"use client";

import Link from "next/link";
import { useState } from "react";
import { send } from "../ui/api";

interface ImportResult {
  file: string;
  namespace?: string;
  id?: string;
  revision?: number;
  problems?: { message: string; line?: number; column?: number }[];
}

/** Upload a ZIP of Kestra flows (or one multi-document YAML): each saved, or refused with its problems. */
export function FlowImport() {
  const [result, setResult] = useState<{ imported: number; total: number; results: ImportResult[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append("fileUpload", file);
    try {
      setResult(await send("/api/v1/flows/import", { method: "POST", body: form }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4">
      <label className="block rounded border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
        A ZIP of YAML flows, or one YAML file of several flows separated by <code>---</code>
        <input
          type="file"
          accept=".zip,.yml,.yaml"
          className="mx-auto mt-3 block"
          aria-label="Flows to import"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
      </label>
      {busy && <p className="text-sm text-slate-500">Importing…</p>}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="import-result">
          <p className="mb-2 font-medium" data-testid="import-summary">
            {result.imported} of {result.total} flows imported
          </p>
          <table className="w-full rounded border border-slate-200 bg-white text-sm">
            <tbody>
              {result.results.map((r) => (
                <tr key={r.file} className="border-t border-slate-100 align-top" data-import-file={r.file}>
                  <td className="p-2 font-mono text-xs">{r.file}</td>
                  <td className="p-2">
                    {r.problems ? (
                      <ul className="text-red-700">
                        {r.problems.map((p, i) => (
                          <li key={i}>
                            {p.line !== undefined ? `line ${p.line}:${p.column ?? 0} ` : ""}
                            {p.message}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <Link className="text-sky-700 hover:underline" href={`/flows/${r.namespace}/${r.id}`}>
                        {r.namespace}.{r.id} (rev {r.revision})
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
