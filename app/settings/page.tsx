import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/roles";
import { config, type EditableSetting } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { effectiveConfig, settingsView } from "@/lib/settings/settings";
import { type SettingRow, SettingsForm } from "@/components/settings/SettingsForm";

export const dynamic = "force-dynamic";

const LABELS: Record<EditableSetting, [label: string, help: string, flag?: true]> = {
  OSPREY_DEFAULT_MEMORY: ["Default memory limit", "for a task that sets none, e.g. 4Gb"],
  OSPREY_DEFAULT_CPUS: ["Default CPU limit", "CPUs for a task that sets none; empty: no limit"],
  OSPREY_PIDS_LIMIT: ["Process limit (pids)", "per container; -1: none"],
  OSPREY_NO_NEW_PRIVILEGES: ["no-new-privileges", "setuid binaries cannot gain rights", true],
  OSPREY_ALLOW_PRIVILEGED: ["Privileged containers", "a privileged container owns the host", true],
  OSPREY_ALLOW_HOST_VOLUMES: ["Host volumes", "lets a flow read and write the host's files", true],
  OSPREY_ALLOW_PROCESS_RUNNER: ["PROCESS runner", "runs scripts on this host, outside any container", true],
  OSPREY_ALLOWED_REGISTRIES: ["Allowed registries", "comma-separated, e.g. docker.io,ghcr.io; empty: any"],
  OSPREY_MAX_TASK_LOG_LINES: ["Log lines kept per task", "past it, one truncation line"],
  OSPREY_MAX_OUTPUT_FILE_BYTES: ["Largest output file", "bytes, or e.g. 1Gb; a bigger file fails its task"],
  OSPREY_MAX_OUTPUT_BYTES_PER_TASK: ["Output files per task", "total bytes, or e.g. 2Gb; more fails the task"],
};

/** The container rules in force; an admin edits them here (stored over the environment's values). */
export default async function SettingsPage() {
  const actor = await pageActor("/settings");
  const values = settingsView(await effectiveConfig(await getDb(), config));
  const rows: SettingRow[] = Object.entries(LABELS).map(([key, [label, help, flag]]) => ({ key, label, help, flag, value: values[key as EditableSetting] }));
  const editable = can(actor.role, "settings:write");
  return (
    <div className="mx-auto max-w-3xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Settings</h1>
      <p className="mb-4 text-sm text-slate-500">
        Container rules applied to every task. A task&apos;s own limits win over the defaults; the refusals cannot be overridden by a flow.
        {editable ? " Changes apply to executions that start after saving; an empty value returns to the server's environment." : " Only an admin can change them."}
      </p>
      <SettingsForm rows={rows} editable={editable} />
      <p className="mt-4 text-xs text-slate-400">Executions at once: {config.OSPREY_CONCURRENCY} (OSPREY_CONCURRENCY, set in the environment).</p>
    </div>
  );
}
