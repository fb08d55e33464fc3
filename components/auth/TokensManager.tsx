"use client";

import { useCallback, useEffect, useState } from "react";
import { send, sendJson } from "../ui/api";
import { formatTime } from "../ui/format";

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Your API tokens: make one (shown once), see when each was last used, revoke. */
export function TokensManager() {
  const [tokens, setTokens] = useState<TokenRow[]>([]);
  const [fresh, setFresh] = useState<string | null>(null);
  const [message, setMessage] = useState("");

  const load = useCallback(async () => setTokens((await send<{ tokens: TokenRow[] }>("/api/v1/tokens")).tokens), []);
  useEffect(() => void load().catch((e: Error) => setMessage(e.message)), [load]);

  const create = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    try {
      const made = await sendJson<{ token: string }>("/api/v1/tokens", "POST", {
        name: String(new FormData(formElement).get("name")),
      });
      formElement.reset();
      setFresh(made.token);
      await load();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const revoke = async (t: TokenRow) => {
    await send(`/api/v1/tokens/${t.id}`, { method: "DELETE" }).catch((e: Error) => setMessage(e.message));
    await load();
  };

  return (
    <section>
      <h2 className="mb-2 font-semibold">API tokens</h2>
      <p className="mb-3 text-sm text-slate-500">
        For scripts and CI: send <code>Authorization: Bearer osp_…</code>. A token acts with your role and works until
        revoked.
      </p>
      <form onSubmit={(e) => void create(e)} className="mb-3 flex gap-2 text-sm" data-testid="new-token">
        <input
          name="name"
          placeholder="what it is for, e.g. nightly CI"
          required
          maxLength={100}
          className="flex-1 rounded border border-slate-300 px-2 py-1"
        />
        <button className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">Create token</button>
      </form>
      {fresh && (
        <div className="mb-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          Copy it now; it will not be shown again:
          <code className="mt-1 block select-all break-all font-mono" data-testid="fresh-token">
            {fresh}
          </code>
        </div>
      )}
      {message && (
        <p className="mb-3 text-sm text-red-700" role="alert">
          {message}
        </p>
      )}
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="tokens">
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-slate-100">
              <td className="p-2">{t.name}</td>
              <td className="p-2 font-mono text-xs text-slate-500">{t.prefix}…</td>
              <td className="p-2 text-slate-500">made {formatTime(t.createdAt)}</td>
              <td className="p-2 text-slate-500">{t.lastUsedAt ? `used ${formatTime(t.lastUsedAt)}` : "never used"}</td>
              <td className="p-2 text-right">
                {t.revokedAt ? (
                  <span className="text-slate-500">revoked</span>
                ) : (
                  <button className="text-red-700 hover:underline" onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
