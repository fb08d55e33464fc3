import { config } from "@/lib/config";
import { hostPolicy } from "@/lib/executor/host-policy";

export const dynamic = "force-dynamic";

/** The container rules this server applies, as configured (environment, see the README). */
export default function SettingsPage() {
  const policy = hostPolicy(config);
  const d = policy.defaults ?? {};
  const rows: [string, string, string][] = [
    ["Default memory limit", config.OSPREY_DEFAULT_MEMORY, "OSPREY_DEFAULT_MEMORY"],
    ["Default CPU limit", d.cpus ? `${d.cpus} CPUs` : "none", "OSPREY_DEFAULT_CPUS"],
    ["Process limit (pids)", d.pidsLimit && d.pidsLimit > 0 ? String(d.pidsLimit) : "none", "OSPREY_PIDS_LIMIT"],
    ["no-new-privileges", d.noNewPrivileges ? "on" : "off", "OSPREY_NO_NEW_PRIVILEGES"],
    ["Privileged containers", policy.allowPrivileged ? "allowed" : "refused", "OSPREY_ALLOW_PRIVILEGED"],
    ["Host volumes", policy.allowHostVolumes ? "allowed" : "refused", "OSPREY_ALLOW_HOST_VOLUMES"],
    ["PROCESS runner (runs on this host)", policy.allowProcessRunner ? "allowed" : "refused", "OSPREY_ALLOW_PROCESS_RUNNER"],
    ["Allowed registries", d.allowedRegistries?.length ? d.allowedRegistries.join(", ") : "any", "OSPREY_ALLOWED_REGISTRIES"],
    ["Log lines kept per task", config.OSPREY_MAX_TASK_LOG_LINES.toLocaleString("en"), "OSPREY_MAX_TASK_LOG_LINES"],
    ["Executions at once", String(config.OSPREY_CONCURRENCY), "OSPREY_CONCURRENCY"],
  ];
  return (
    <div className="mx-auto max-w-3xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Settings</h1>
      <p className="mb-4 text-sm text-slate-500">
        Container rules applied to every task. A task&apos;s own limits win over the defaults; the refusals cannot be overridden by a flow.
        An operator changes them in the server&apos;s environment.
      </p>
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="settings">
        <tbody>
          {rows.map(([label, value, env]) => (
            <tr key={env} className="border-t border-slate-100">
              <td className="p-2">{label}</td>
              <td className="p-2 font-medium">{value}</td>
              <td className="p-2 font-mono text-xs text-slate-400">{env}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
