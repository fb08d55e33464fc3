"use client";

import { sendJson } from "../ui/api";

export interface Grant {
  namespace: string;
  role: string;
}

const GRANT_ROLES = ["editor", "viewer"] as const;
const input = "rounded border border-slate-300 px-1.5 py-0.5";

/**
 * One user's roles on namespace prefixes: each covers the namespace and those below it. Every change
 * PUTs the whole set, so what is shown is what the server holds once it reloads.
 */
export function GrantsEditor({
  userId,
  email,
  grants,
  act,
}: {
  userId: string;
  email: string;
  grants: Grant[];
  act: (what: Promise<unknown>, done: string) => Promise<boolean>;
}) {
  const save = (next: Grant[], done: string) =>
    act(sendJson(`/api/v1/users/${userId}/namespaces`, "PUT", { grants: next }), done);

  const add = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const grant = { namespace: String(form.get("namespace") ?? "").trim(), role: String(form.get("role")) };
    // Cleared only once saved: a refused namespace stays to be corrected.
    if (
      await save(
        [...grants.filter((g) => g.namespace !== grant.namespace), grant],
        `${email} is now ${grant.role} of ${grant.namespace}`,
      )
    )
      formElement.reset();
  };

  return (
    <div className="space-y-1" data-testid="grants">
      <ul className="flex flex-wrap gap-1">
        {grants.map((g) => (
          <li key={g.namespace} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs" data-grant={g.namespace}>
            {g.role} of <code>{g.namespace}</code>
            <button
              className="ml-1 text-red-700 hover:underline"
              aria-label={`remove ${g.role} of ${g.namespace} from ${email}`}
              onClick={() =>
                void save(
                  grants.filter((x) => x.namespace !== g.namespace),
                  `${email} is no longer ${g.role} of ${g.namespace}`,
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => void add(e)}
        className="flex gap-1 text-xs"
        aria-label={`grant a namespace role to ${email}`}
      >
        <input
          name="namespace"
          placeholder="namespace, e.g. company.data"
          required
          className={`${input} w-44 font-mono`}
          aria-label={`namespace for ${email}`}
        />
        <select name="role" className={input} aria-label={`namespace role for ${email}`}>
          {GRANT_ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <button className="rounded border border-sky-600 px-1.5 text-sky-700 hover:bg-sky-50">Grant</button>
      </form>
    </div>
  );
}
