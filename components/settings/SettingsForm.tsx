"use client";

import { Fragment, useState } from "react";
import { sendJson } from "../ui/api";

export interface SettingRow {
  key: string;
  /** Rows of one group follow each other; a heading starts each group. */
  group?: string;
  label: string;
  value: string;
  /** A yes/no setting, shown as a select. */
  flag?: boolean;
  help: string;
}

/** The container rules: editable by an admin (stored over the environment's values), read-only for others. */
export function SettingsForm({ rows, editable }: { rows: SettingRow[]; editable: boolean }) {
  const [values, setValues] = useState(Object.fromEntries(rows.map((r) => [r.key, r.value])));
  const [message, setMessage] = useState("");

  const save = async () => {
    try {
      const saved = await sendJson<Record<string, string>>("/api/v1/settings", "PUT", values);
      setValues((v) => ({ ...v, ...saved }));
      setMessage("Saved. New executions use these rules.");
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const field =
    "w-48 rounded border border-slate-300 px-2 py-1 disabled:border-transparent disabled:bg-transparent disabled:text-slate-900";
  return (
    <div>
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="settings">
        <tbody>
          {rows.map((r, i) => (
            <Fragment key={r.key}>
              {r.group && r.group !== rows[i - 1]?.group && (
                <tr className="border-t border-slate-200 bg-slate-50">
                  <th
                    colSpan={3}
                    scope="colgroup"
                    className="p-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500"
                  >
                    {r.group}
                  </th>
                </tr>
              )}
              <tr className="border-t border-slate-100">
                <td className="p-2">
                  {r.label}
                  <div className="text-xs text-slate-500">{r.help}</div>
                </td>
                <td className="p-2">
                  {r.flag ? (
                    <select
                      aria-label={r.label}
                      disabled={!editable}
                      value={values[r.key]}
                      onChange={(e) => setValues({ ...values, [r.key]: e.target.value })}
                      className={field}
                    >
                      <option value="true">on / allowed</option>
                      <option value="false">off / refused</option>
                    </select>
                  ) : (
                    <input
                      aria-label={r.label}
                      disabled={!editable}
                      value={values[r.key]}
                      onChange={(e) => setValues({ ...values, [r.key]: e.target.value })}
                      className={field}
                    />
                  )}
                </td>
                <td className="p-2 font-mono text-xs text-slate-500">{r.key}</td>
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
      {editable && (
        <div className="mt-3 flex items-center gap-3">
          <button
            onClick={() => void save()}
            className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800"
          >
            Save settings
          </button>
          <span className="text-sm text-slate-600" role="status">
            {message}
          </span>
        </div>
      )}
    </div>
  );
}
