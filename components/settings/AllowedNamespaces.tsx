"use client";

import { useState } from "react";
import { sendJson } from "../ui/api";

/** A namespace and the namespaces whose flows may reach it (`*`: any). */
export interface NamespaceAllowances {
  namespace: string;
  allowed: string[];
}

const input = "rounded border border-slate-300 px-2 py-1 font-mono text-sm";

/**
 * An admin's list of allowances: which namespaces' flows may reach a namespace (Subflow, Resume,
 * Toggle, Flow triggers, KV, files). Every change PUTs that namespace's whole list, and what is
 * shown is what the server answered.
 */
export function AllowedNamespaces({ initial }: { initial: NamespaceAllowances[] }) {
  const [rows, setRows] = useState(initial);
  const [message, setMessage] = useState("");

  const save = async (namespace: string, allowed: string[], done: string): Promise<boolean> => {
    try {
      const saved = await sendJson<{ allowedNamespaces: { namespace: string }[] }>(
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/allowed-namespaces`,
        "PUT",
        {
          allowedNamespaces: allowed.map((a) => ({ namespace: a })),
        },
      );
      const list = saved.allowedNamespaces.map((a) => a.namespace);
      setRows((current) => {
        const others = current.filter((r) => r.namespace !== namespace);
        return (list.length ? [...others, { namespace, allowed: list }] : others).sort((a, b) =>
          a.namespace.localeCompare(b.namespace),
        );
      });
      setMessage(done);
      return true;
    } catch (e) {
      setMessage((e as Error).message);
      return false;
    }
  };

  const add = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const namespace = String(form.get("namespace") ?? "").trim();
    const allowed = String(form.get("allowed") ?? "").trim();
    const current = rows.find((r) => r.namespace === namespace)?.allowed ?? [];
    // Cleared only once saved: a refused name stays to be corrected.
    if (
      await save(
        namespace,
        [...current.filter((a) => a !== allowed), allowed],
        `Flows of ${allowed} may now reach ${namespace}.`,
      )
    )
      formElement.reset();
  };

  return (
    <section className="mt-8" aria-labelledby="allowed-namespaces">
      <h2 id="allowed-namespaces" className="mb-1 text-lg font-semibold">
        Namespaces other flows may reach
      </h2>
      <p className="mb-3 text-sm text-slate-500">
        A flow reaches its own namespace and those below it. Here a namespace lets the flows of another (and those below
        it; <code>*</code>: any) run its flows as subflows, resume its executions, switch its triggers, hear its
        executions end, and use its KV store and files.
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No namespace allows others.</p>
      ) : (
        <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="allowed-namespaces">
          <thead>
            <tr className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <th scope="col" className="p-2">
                Namespace
              </th>
              <th scope="col" className="p-2">
                May be reached by flows of
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.namespace} className="border-t border-slate-100" data-namespace={r.namespace}>
                <td className="p-2 font-mono">{r.namespace}</td>
                <td className="p-2">
                  <ul className="flex flex-wrap gap-1">
                    {r.allowed.map((a) => (
                      <li key={a} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                        {a}
                        <button
                          className="ml-1 text-red-700 hover:underline"
                          aria-label={`stop allowing ${a} to reach ${r.namespace}`}
                          onClick={() =>
                            void save(
                              r.namespace,
                              r.allowed.filter((x) => x !== a),
                              `Flows of ${a} no longer reach ${r.namespace}.`,
                            )
                          }
                        >
                          ×
                        </button>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        onSubmit={(e) => void add(e)}
        className="mt-3 flex flex-wrap items-end gap-2 text-sm"
        aria-label="allow a namespace to be reached"
      >
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">Namespace</span>
          <input name="namespace" required placeholder="company.team-b" className={input} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">may be reached by flows of</span>
          <input name="allowed" required placeholder="company.team-a, or *" className={input} />
        </label>
        <button className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">Allow</button>
        {/* Announced, without a second role="status" beside the settings form's. */}
        <span className="text-sm text-slate-600" aria-live="polite" data-testid="allowed-namespaces-message">
          {message}
        </span>
      </form>
    </section>
  );
}
