"use client";

import { useCallback, useEffect, useState } from "react";
import { send, sendJson } from "../ui/api";
import { formatTime } from "../ui/format";
import { type Grant, GrantsEditor } from "./GrantsEditor";

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  banned: boolean | null;
  createdAt: string;
  grants: Grant[];
}

// "none": no server-wide role, only what namespace grants give.
const ROLES = ["viewer", "editor", "admin", "none"] as const;
const input = "rounded border border-slate-300 px-2 py-1";

/** Admins: make accounts, change roles, lock or delete users. */
export function UsersManager({ selfId }: { selfId: string }) {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [message, setMessage] = useState("");

  const load = useCallback(async () => {
    setUsers((await send<{ users: UserRow[] }>("/api/v1/users")).users);
  }, []);
  useEffect(() => void load().catch((e: Error) => setMessage(e.message)), [load]);

  /** Runs a change and reports it; false when the server refused it. */
  const act = async (what: Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await what;
      setMessage(done);
      await load();
      return true;
    } catch (e) {
      setMessage((e as Error).message);
      return false;
    }
  };

  // Cleared only once the user exists: a refused form keeps what was typed.
  const create = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const fields = Object.fromEntries(["email", "name", "role", "password"].map((k) => [k, String(form.get(k) ?? "")]));
    try {
      await sendJson("/api/v1/users", "POST", fields);
      formElement.reset();
      setMessage(`Made ${fields.email}`);
      await load();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <div className="mx-auto max-w-4xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Users</h1>
      <p className="mb-4 text-sm text-slate-500">
        viewer: reads flows, executions and logs · editor: also writes and runs flows, manages secrets · admin: also
        users and settings. A role on a namespace (e.g. editor of company.data) holds there and below (company.data.x,
        not company.database), on top of the role; "none" leaves only those.
      </p>
      <form onSubmit={(e) => void create(e)} className="mb-4 flex flex-wrap gap-2 text-sm" data-testid="new-user">
        <input name="email" type="email" placeholder="email" aria-label="email" required className={input} />
        <input name="name" placeholder="name" aria-label="name" required className={input} />
        <select name="role" defaultValue="viewer" className={input} aria-label="role">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <input
          name="password"
          type="password"
          placeholder="password (12+ characters)"
          minLength={12}
          required
          className={input}
          autoComplete="new-password"
        />
        <button className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">Add user</button>
      </form>
      {message && (
        <p className="mb-3 text-sm text-slate-700" role="status">
          {message}
        </p>
      )}
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="users">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr>
            <th className="p-2">Email</th>
            <th className="p-2">Name</th>
            <th className="p-2">Role</th>
            <th className="p-2">Namespaces</th>
            <th className="p-2">Since</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-t border-slate-100" data-email={u.email}>
              <td className="p-2">
                {u.email}
                {u.banned && <span className="ml-2 text-xs text-red-700">locked</span>}
              </td>
              <td className="p-2">{u.name}</td>
              <td className="p-2">
                <select
                  value={u.role}
                  disabled={u.id === selfId}
                  onChange={(e) =>
                    void act(
                      sendJson(`/api/v1/users/${u.id}`, "PATCH", { role: e.target.value }),
                      `${u.email} is now ${e.target.value}`,
                    )
                  }
                  className={input}
                  aria-label={`role of ${u.email}`}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td className="p-2">
                <GrantsEditor userId={u.id} email={u.email} grants={u.grants} act={act} />
              </td>
              <td className="p-2 text-slate-500">{formatTime(u.createdAt)}</td>
              <td className="space-x-3 p-2 text-right">
                {u.id !== selfId && (
                  <>
                    <button
                      className="text-amber-700 hover:underline"
                      onClick={() =>
                        void act(
                          sendJson(`/api/v1/users/${u.id}`, "PATCH", { banned: !u.banned }),
                          `${u.email} ${u.banned ? "unlocked" : "locked"}`,
                        )
                      }
                    >
                      {u.banned ? "Unlock" : "Lock"}
                    </button>
                    <button
                      className="text-red-700 hover:underline"
                      onClick={() =>
                        confirm(`Delete ${u.email}?`) &&
                        void act(send(`/api/v1/users/${u.id}`, { method: "DELETE" }), `Deleted ${u.email}`)
                      }
                    >
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
