"use client";

import { useCallback, useEffect, useState } from "react";

interface KvRow {
  key: string;
  type: string;
  preview: string;
  updateDate: string;
  expirationDate: string | null;
}

const TYPES = ["STRING", "NUMBER", "BOOLEAN", "JSON", "DATETIME", "DATE", "DURATION"] as const;

/** What the API stores for a value typed in the form: its JSON text (a STRING is quoted). */
function bodyFor(type: string, text: string): string {
  return type === "STRING" || type === "DATETIME" || type === "DATE" || type === "DURATION"
    ? JSON.stringify(text)
    : text;
}

/**
 * One namespace's KV pairs: key, type, expiry and a preview of the value; set and delete. `fixed`:
 * the namespace page's KV tab, where the namespace is the page's and the address is its own.
 */
export function KvManager({ initialNamespace, fixed = false }: { initialNamespace: string; fixed?: boolean }) {
  const [namespace, setNamespace] = useState(initialNamespace);
  const [rows, setRows] = useState<KvRow[]>([]);
  const [key, setKey] = useState("");
  const [type, setType] = useState<string>("STRING");
  const [value, setValue] = useState("");
  const [ttl, setTtl] = useState("");
  const [message, setMessage] = useState("");

  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/kv`;
  const load = useCallback(async () => {
    const res = await fetch(base);
    const body = (await res.json()) as KvRow[] | { message?: string };
    // A reload after a save or a delete keeps what it said ("Deleted …"): only an error replaces it.
    if (res.ok) setRows(body as KvRow[]);
    else {
      setRows([]);
      setMessage((body as { message?: string }).message ?? "cannot list keys");
    }
  }, [base]);

  useEffect(() => {
    setMessage("");
    void load();
    // The namespace is part of the address, so a KV page can be linked and reloaded.
    if (!fixed) window.history.replaceState(null, "", `/kv?namespace=${encodeURIComponent(namespace)}`);
  }, [load, namespace, fixed]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await fetch(`${base}/${encodeURIComponent(key)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...(ttl ? { ttl } : {}) },
      body: bodyFor(type, value),
    });
    if (res.ok) {
      setMessage(`Saved ${key} in ${namespace}`);
      setKey("");
      setValue("");
      setTtl("");
      void load();
    } else setMessage(((await res.json()) as { message?: string }).message ?? "not saved");
  };

  const remove = async (row: KvRow) => {
    const res = await fetch(`${base}/${encodeURIComponent(row.key)}`, { method: "DELETE" });
    setMessage(
      res.ok
        ? `Deleted ${row.key} from ${namespace}`
        : (((await res.json()) as { message?: string }).message ?? "not deleted"),
    );
    void load();
  };

  return (
    <div className="mx-auto max-w-4xl p-6">
      {!fixed && <h1 className="mb-1 text-xl font-semibold">KV store</h1>}
      <p className="mb-4 text-sm text-slate-500">
        Values kept between executions. Read them in a flow as <code>{"{{ kv('key') }}"}</code> (a key missing here is
        looked up in the parent namespaces), or with the <code>kv.Get</code> task; write them with <code>kv.Set</code>.
      </p>
      {!fixed && (
        <label className="mb-4 flex items-center gap-2 text-sm">
          Namespace
          <input
            aria-label="Namespace"
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1 font-mono"
          />
        </label>
      )}
      <form onSubmit={save} className="mb-4 flex flex-wrap gap-2 text-sm">
        <input
          required
          aria-label="Key"
          placeholder="key"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className="w-40 rounded border border-slate-300 px-2 py-1 font-mono"
        />
        <select
          aria-label="Type"
          value={type}
          onChange={(e) => setType(e.target.value)}
          className="rounded border border-slate-300 px-2 py-1"
        >
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <input
          required
          aria-label="Value"
          placeholder={type === "JSON" ? '{"a": 1}' : "value"}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="min-w-48 flex-1 rounded border border-slate-300 px-2 py-1 font-mono"
        />
        <input
          aria-label="TTL"
          placeholder="ttl, e.g. PT1H"
          value={ttl}
          onChange={(e) => setTtl(e.target.value)}
          className="w-32 rounded border border-slate-300 px-2 py-1 font-mono"
        />
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">
          Set
        </button>
      </form>
      {message && (
        <p className="mb-3 text-sm text-slate-600" role="status">
          {message}
        </p>
      )}
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="kv-table">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr>
            <th className="p-2">Key</th>
            <th className="p-2">Type</th>
            <th className="p-2">Value</th>
            <th className="p-2">Updated</th>
            <th className="p-2">Expires</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="p-2 text-slate-500">
                No keys in {namespace}.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-100" data-testid={`kv-row-${r.key}`}>
              <td className="p-2 font-mono">{r.key}</td>
              <td className="p-2 text-slate-500">{r.type}</td>
              <td className="max-w-xs truncate p-2 font-mono" title={r.preview}>
                {r.preview}
              </td>
              <td className="p-2 text-slate-500">{new Date(r.updateDate).toLocaleString()}</td>
              <td className="p-2 text-slate-500">
                {r.expirationDate ? new Date(r.expirationDate).toLocaleString() : "never"}
              </td>
              <td className="p-2 text-right">
                <button
                  type="button"
                  onClick={() => void remove(r)}
                  className="text-xs text-red-700 hover:underline"
                  aria-label={`Delete ${r.key}`}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
