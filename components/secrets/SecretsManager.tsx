"use client";

import { useCallback, useEffect, useState } from "react";

interface SecretRow {
  name: string;
  namespace: string;
  inherited: boolean;
  updated: string | null;
}

/**
 * Secrets of a namespace: names only (values are write-only), inherited ones marked. `fixed`: the
 * namespace page's Secrets tab, whose namespace is the page's.
 */
export function SecretsManager({ fixed }: { fixed?: string } = {}) {
  const [namespace, setNamespace] = useState(fixed ?? "company.team");
  const [rows, setRows] = useState<SecretRow[]>([]);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [message, setMessage] = useState("");

  const load = useCallback(async () => {
    const res = await fetch(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`);
    const body = (await res.json()) as { secrets?: SecretRow[]; message?: string };
    if (res.ok) setRows(body.secrets ?? []);
    else setMessage(body.message ?? "cannot list secrets");
  }, [namespace]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await fetch(`/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: name, value }),
    });
    if (res.ok) {
      setMessage(`Saved ${name} in ${namespace}`);
      setName("");
      setValue("");
      void load();
    } else setMessage(((await res.json()) as { message?: string }).message ?? "not saved");
  };

  const remove = async (row: SecretRow) => {
    const res = await fetch(
      `/api/v1/namespaces/${encodeURIComponent(row.namespace)}/secrets/${encodeURIComponent(row.name)}`,
      { method: "DELETE" },
    );
    setMessage(res.ok ? `Deleted ${row.name} from ${row.namespace}` : "not deleted");
    void load();
  };

  return (
    <div className="mx-auto max-w-3xl p-6">
      {!fixed && <h1 className="mb-1 text-xl font-semibold">Secrets</h1>}
      <p className="mb-4 text-sm text-slate-500">
        Read them in a flow as <code>{"{{ secret('NAME') }}"}</code>. Values are encrypted at rest, never shown again,
        and masked as **** in logs. A namespace sees its parents&apos; secrets.
      </p>
      {!fixed && (
        <label className="mb-4 flex items-center gap-2 text-sm">
          Namespace
          <input
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1 font-mono"
          />
        </label>
      )}
      <form onSubmit={save} className="mb-4 flex gap-2 text-sm">
        <input
          required
          aria-label="Secret name"
          placeholder="NAME"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="w-48 rounded border border-slate-300 px-2 py-1 font-mono"
        />
        <input
          required
          aria-label="Secret value"
          type="password"
          placeholder="value"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="flex-1 rounded border border-slate-300 px-2 py-1"
        />
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">
          Save
        </button>
      </form>
      {message && (
        <p className="mb-3 text-sm text-slate-600" role="status">
          {message}
        </p>
      )}
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="secrets-table">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr>
            <th className="p-2">Name</th>
            <th className="p-2">Defined in</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.namespace}/${r.name}`}
              className="border-t border-slate-100"
              data-testid={`secret-row-${r.name}`}
            >
              <td className="p-2 font-mono">{r.name}</td>
              <td className="p-2 text-slate-500">
                {r.namespace}
                {r.inherited ? " (inherited)" : ""}
              </td>
              <td className="p-2 text-right">
                {!r.inherited && (
                  <button
                    type="button"
                    onClick={() => void remove(r)}
                    className="text-xs text-red-700 hover:underline"
                    aria-label={`Delete ${r.name}`}
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
