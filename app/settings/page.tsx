import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/roles";
import { config, type EditableSetting } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { effectiveConfig, settingsView } from "@/lib/settings/settings";
import { type SettingRow, SettingsForm } from "@/components/settings/SettingsForm";
import { AllowedNamespaces } from "@/components/settings/AllowedNamespaces";
import { listAllAllowances } from "@/lib/namespaces/allowed-namespaces";

export const dynamic = "force-dynamic";

// Grouped as the page shows them: what every container gets, what a flow may ask for, where images and engines come from.
const LABELS: Record<EditableSetting, [group: string, label: string, help: string, flag?: true]> = {
  OSPREY_DEFAULT_MEMORY: [
    "Limits",
    "Default memory limit",
    "for a task that sets none, and for each Build step, e.g. 4Gb",
  ],
  OSPREY_DEFAULT_CPUS: [
    "Limits",
    "Default CPU limit",
    "CPUs for a task that sets none, and for each Build step; empty: no limit",
  ],
  OSPREY_PIDS_LIMIT: [
    "Limits",
    "Process limit (pids)",
    "per container (Build steps: as an nproc ulimit, not enforced for root); -1: none",
  ],
  OSPREY_NO_NEW_PRIVILEGES: ["Limits", "no-new-privileges", "setuid binaries cannot gain rights", true],
  OSPREY_MAX_TASK_LOG_LINES: ["Limits", "Log lines kept per task", "past it, one truncation line"],
  OSPREY_RETENTION_DAYS: [
    "Limits",
    "Keep executions (days)",
    "ended executions older than this are purged hourly, with their logs and files; 0: keep all",
  ],
  OSPREY_MAX_OUTPUT_FILE_BYTES: ["Limits", "Largest output file", "bytes, or e.g. 1Gb; a bigger file fails its task"],
  OSPREY_MAX_OUTPUT_BYTES_PER_TASK: [
    "Limits",
    "Output files per task",
    "total bytes, or e.g. 2Gb; more fails the task",
  ],
  OSPREY_ALLOW_PRIVILEGED: [
    "What a flow may ask for",
    "Privileged containers",
    "a privileged container owns the host",
    true,
  ],
  OSPREY_ALLOW_HOST_VOLUMES: [
    "What a flow may ask for",
    "Host volumes",
    "lets a flow read and write the host's files",
    true,
  ],
  OSPREY_ALLOW_HOST_NETWORK: [
    "What a flow may ask for",
    "Host network",
    "networkMode host or container:…; reaches this server's loopback services",
    true,
  ],
  OSPREY_ALLOW_PORT_BINDINGS: [
    "What a flow may ask for",
    "Port bindings",
    "publishes ports on this host's interfaces",
    true,
  ],
  OSPREY_ALLOW_DEVICE_REQUESTS: ["What a flow may ask for", "Device requests", "host devices such as GPUs", true],
  OSPREY_ALLOW_PROCESS_RUNNER: [
    "What a flow may ask for",
    "PROCESS runner",
    "runs scripts on this host, outside any container (same as the mode host below)",
    true,
  ],
  OSPREY_ALLOW_SQL_HOST_FILES: [
    "What a flow may ask for",
    "SQLite and DuckDB host files",
    "lets SQLite and DuckDB tasks (run in the server) open any file the server can",
    true,
  ],
  OSPREY_PROCESS_RUNNER: [
    "What a flow may ask for",
    "Tasks asking for the Process runner",
    "container (run in the task's image), host, or refuse",
  ],
  OSPREY_HTTP_ALLOW_PRIVATE: [
    "What a flow may ask for",
    "HTTP tasks to private addresses",
    "http.Request and http.Download may reach loopback, private and link-local addresses (this server, its network, cloud metadata)",
    true,
  ],
  OSPREY_HTTP_ALLOWED_NETWORKS: [
    "What a flow may ask for",
    "HTTP tasks to these networks",
    "comma-separated addresses or CIDRs reachable although private, e.g. 10.1.2.0/24",
  ],
  OSPREY_NOTIFICATION_HOSTS: [
    "What a flow may ask for",
    "Notifications only to these hosts",
    "comma-separated hosts (or *.example.com) Slack, Teams… tasks may post to; empty: any",
  ],
  OSPREY_MAIL_HOSTS: [
    "What a flow may ask for",
    "Email only through these SMTP servers",
    "comma-separated hosts (or *.example.com) email tasks may connect to; empty: any the address rules allow",
  ],
  OSPREY_GIT_HOSTS: [
    "What a flow may ask for",
    "Git only with these hosts",
    "comma-separated hosts (or *.example.com) the server's git tasks (sync, push) may reach; empty: any the address rules allow",
  ],
  OSPREY_SQL_HOSTS: [
    "What a flow may ask for",
    "SQL only with these servers",
    "comma-separated hosts (or *.example.com) SQL tasks and triggers (PostgreSQL, MySQL, MariaDB) may connect to; empty: any the address rules allow",
  ],
  OSPREY_HTTP_MAX_RESPONSE_BYTES: [
    "Limits",
    "Largest HTTP response body",
    "bytes, or e.g. 10Mb, kept by http.Request; a bigger one fails its task",
  ],
  OSPREY_ALLOWED_REGISTRIES: [
    "Images and engines",
    "Allowed registries",
    "comma-separated, e.g. docker.io,ghcr.io; empty: any",
  ],
  OSPREY_PROTECTED_IMAGE_PREFIXES: [
    "Images and engines",
    "Protected image prefixes",
    "built here only: never pulled, never a Build's tag; e.g. osprey/",
  ],
  OSPREY_ALLOWED_DOCKER_HOSTS: [
    "Images and engines",
    "Other Docker engines",
    "comma-separated addresses a flow's host may name, e.g. tcp://build:2375; empty: only this server's",
  ],
};

/** The container rules in force; an admin edits them here (stored over the environment's values). */
export default async function SettingsPage() {
  const actor = await pageActor("/settings");
  if (!can(actor.role, "settings:read"))
    return (
      <p className="p-6 text-slate-600">The settings are shown to people with a server-wide role (viewer or above).</p>
    );
  const values = settingsView(await effectiveConfig(await getDb(), config));
  const rows: SettingRow[] = Object.entries(LABELS).map(([key, [group, label, help, flag]]) => ({
    key,
    group,
    label,
    help,
    flag,
    value: values[key as EditableSetting],
  }));
  const editable = can(actor.role, "settings:write");
  return (
    <div className="mx-auto max-w-3xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Settings</h1>
      <p className="mb-4 text-sm text-slate-500">
        Container rules applied to every task. A task&apos;s own limits win over the defaults; the refusals cannot be
        overridden by a flow.
        {editable
          ? " Changes apply to executions that start after saving; an empty value returns to the server's environment."
          : " Only an admin can change them."}
      </p>
      <SettingsForm rows={rows} editable={editable} />
      <p className="mt-4 text-xs text-slate-500">
        Executions at once: {config.OSPREY_CONCURRENCY} (OSPREY_CONCURRENCY, set in the environment).
      </p>
      {editable && <AllowedNamespaces initial={await listAllAllowances(await getDb())} />}
    </div>
  );
}
