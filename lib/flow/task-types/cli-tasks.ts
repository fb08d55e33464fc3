import { z } from "zod";
import { ZBool, ZStringList } from "./common";
import { type ScriptTaskDefinition, scriptTaskShape } from "./script-language";
import { shellTasks } from "./shell";

// Kestra's CLI plugins are script tasks in a vendor image: Commands with the CLI's default image,
// and a few properties of their own that become environment variables, files or commands.

type Task = Record<string, unknown>;
const SHELL = shellTasks[0].language;

interface Cli {
  type: string;
  title: string;
  image: string;
  /** Kestra's failFast default for the plugin (Terraform and dbt: true; the cloud CLIs run without `set -e`). */
  failFast: boolean;
  /** Kestra's interpreter when not sh (Ansible runs bash). */
  interpreter?: string[];
  shape: z.ZodRawShape;
  adapt?: (task: Task) => Task;
}

const ZCommands = ZStringList.min(1, "commands must list at least one command").describe("The CLI commands to run.");

/** Env added to the task's own `env` (which wins), leaving out what is not set. */
function withEnv(task: Task, env: Record<string, unknown>): Task {
  const set = Object.fromEntries(
    Object.entries(env)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .map(([k, v]) => [k, String(v)]),
  );
  return { ...task, env: { ...set, ...((task.env as Record<string, string>) ?? {}) } };
}

/** Files added to `inputFiles` (a map; a URI of a files' archive is left as given). */
function withFiles(task: Task, files: Record<string, unknown>): Task {
  const given = task.inputFiles;
  if (typeof given === "string") return task;
  const add = Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === "string" && v !== ""));
  return { ...task, inputFiles: { ...add, ...((given as Record<string, string>) ?? {}) } };
}

const prepend = (task: Task, commands: string[]): Task => ({
  ...task,
  beforeCommands: [...commands, ...((task.beforeCommands as string[]) ?? [])],
});

const CLIS: Cli[] = [
  {
    type: "io.kestra.plugin.ansible.cli.AnsibleCLI",
    title: "Ansible CLI",
    image: "cytopia/ansible:latest-tools",
    failFast: false,
    interpreter: ["/bin/bash", "-c"],
    shape: {
      commands: ZCommands,
      ansibleConfig: z.string().optional().describe("Written to `ansible.cfg` in the working directory."),
      outputsMode: z.enum(["ALL", "EXPLICIT"]).optional(),
      outputLogFile: ZBool.optional(),
      autoInstallPythonRequirements: ZBool.optional().describe(
        "pip install -r requirements.txt when present. Default true.",
      ),
      autoInstallGalaxyRequirements: ZBool.optional().describe(
        "ansible-galaxy install -r requirements.yml when present. Default true.",
      ),
    },
    adapt: (task) => {
      const installs = [
        ...(String(task.autoInstallPythonRequirements ?? true) !== "false"
          ? ["[ ! -f requirements.txt ] || pip install --no-cache-dir -r requirements.txt"]
          : []),
        ...(String(task.autoInstallGalaxyRequirements ?? true) !== "false"
          ? ["[ ! -f requirements.yml ] || ansible-galaxy install -r requirements.yml"]
          : []),
      ];
      const withCfg = withFiles(task, { "ansible.cfg": task.ansibleConfig });
      const hasCfg = Object.hasOwn((withCfg.inputFiles as object | undefined) ?? {}, "ansible.cfg");
      // Ansible ignores an ansible.cfg in a world-writable working directory unless named by ANSIBLE_CONFIG.
      const env = hasCfg ? withEnv(withCfg, { ANSIBLE_CONFIG: "ansible.cfg" }) : withCfg;
      return { ...env, beforeCommands: [...((task.beforeCommands as string[]) ?? []), ...installs] };
    },
  },
  {
    type: "io.kestra.plugin.terraform.cli.TerraformCLI",
    title: "Terraform CLI",
    image: "hashicorp/terraform",
    failFast: true,
    shape: { commands: ZCommands },
  },
  {
    type: "io.kestra.plugin.aws.cli.AwsCLI",
    title: "AWS CLI",
    image: "amazon/aws-cli",
    failFast: false,
    shape: {
      commands: ZCommands,
      region: z.string().optional(),
      endpointOverride: z.string().optional().describe("Another S3/AWS endpoint (AWS_ENDPOINT_URL)."),
      accessKeyId: z.string().optional(),
      secretKeyId: z.string().optional().describe("The secret access key; keep it in a secret."),
      sessionToken: z.string().optional(),
      outputFormat: z.enum(["JSON", "TEXT", "TABLE", "YAML"]).optional().describe("AWS_DEFAULT_OUTPUT. Default JSON."),
      stsRoleArn: z.string().optional(),
      stsRoleExternalId: z.string().optional(),
      stsRoleSessionName: z.string().optional(),
      stsRoleSessionDuration: z.string().optional(),
      stsEndpointOverride: z.string().optional(),
      stsCredentialSource: z.enum(["ENVIRONMENT", "EC2_INSTANCE_METADATA", "ECS_CONTAINER"]).optional(),
      compatibilityMode: ZBool.optional(),
      forcePathStyle: ZBool.optional(),
    },
    adapt: (task) => {
      const sts = [
        ["role_arn", task.stsRoleArn],
        ["role_session_name", task.stsRoleSessionName],
        ["external_id", task.stsRoleExternalId],
        ["credential_source", task.stsCredentialSource === undefined ? undefined : "Environment"],
      ]
        .filter(([, v]) => v !== undefined && v !== null && v !== "")
        .map(([key, v]) => `aws configure set ${key} ${shellQuote(String(v))}`);
      const env = withEnv(task, {
        AWS_ACCESS_KEY_ID: task.accessKeyId,
        AWS_SECRET_ACCESS_KEY: task.secretKeyId,
        AWS_SESSION_TOKEN: task.sessionToken,
        AWS_DEFAULT_REGION: task.region,
        AWS_ENDPOINT_URL: task.endpointOverride,
        AWS_DEFAULT_OUTPUT: String(task.outputFormat ?? "JSON").toLowerCase(),
      });
      return sts.length ? prepend(env, sts) : env;
    },
  },
  {
    type: "io.kestra.plugin.gcp.cli.GCloudCLI",
    title: "Google Cloud CLI",
    image: "google/cloud-sdk",
    failFast: false,
    shape: {
      commands: ZCommands,
      serviceAccount: z.string().optional().describe("A service account's JSON key; keep it in a secret."),
      projectId: z.string().optional(),
    },
    adapt: (task) => {
      const key = typeof task.serviceAccount === "string" && task.serviceAccount !== "";
      const files = withFiles(task, { "gcloud-service-account.json": task.serviceAccount });
      return withEnv(files, {
        GOOGLE_APPLICATION_CREDENTIALS: key ? "gcloud-service-account.json" : undefined,
        CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: key ? "gcloud-service-account.json" : undefined,
        CLOUDSDK_CORE_PROJECT: task.projectId,
      });
    },
  },
  {
    type: "io.kestra.plugin.azure.cli.AzCLI",
    title: "Azure CLI",
    image: "mcr.microsoft.com/azure-cli",
    failFast: false,
    shape: {
      commands: ZCommands,
      username: z.string().optional(),
      password: z.string().optional().describe("Keep it in a secret."),
      tenant: z.string().optional(),
      servicePrincipal: ZBool.optional(),
    },
    adapt: (task) => {
      if (!task.username) return task;
      const login = [
        "az login",
        `-u ${shellQuote(String(task.username))}`,
        ...(task.password ? [`-p ${shellQuote(String(task.password))}`] : []),
        ...(task.tenant ? [`--tenant ${shellQuote(String(task.tenant))}`] : []),
        ...(String(task.servicePrincipal) === "true" ? ["--service-principal"] : []),
      ].join(" ");
      // After the task's own beforeCommands (which may install or configure the CLI).
      return { ...task, beforeCommands: [...((task.beforeCommands as string[]) ?? []), login] };
    },
  },
  {
    type: "io.kestra.plugin.dbt.cli.DbtCLI",
    title: "dbt CLI",
    image: "ghcr.io/kestra-io/dbt",
    failFast: true,
    shape: {
      commands: ZCommands,
      profiles: z.string().optional().describe("The content of `profiles.yml`, written to the working directory."),
      projectDir: z.string().optional().describe("Added to each `dbt` command as `--project-dir`."),
      parseRunResults: ZBool.optional(),
      logFormat: z
        .enum(["JSON", "TEXT", "DEBUG", "NONE"])
        .optional()
        .describe("Added as `--log-format`. Default JSON."),
      storeManifest: z.record(z.string(), z.unknown()).optional(),
      loadManifest: z.record(z.string(), z.unknown()).optional(),
      engine: z.enum(["CORE", "FUSION"]).optional(),
    },
    adapt: (task) => {
      const format = String(task.logFormat ?? "JSON").toLowerCase();
      const commands = ((task.commands as string[]) ?? []).map((command) => {
        if (!/^\s*dbt\s/.test(command)) return command;
        let out = command;
        if (task.projectDir && !out.includes("--project-dir"))
          out += ` --project-dir ${shellQuote(String(task.projectDir))}`;
        if (format !== "none" && !out.includes("--log-format")) out += ` --log-format ${format}`;
        return out;
      });
      const outputFiles = [
        ...((task.outputFiles as string[]) ?? []),
        "target/manifest.json",
        "target/run_results.json",
      ];
      const files = withFiles(task, { "profiles.yml": task.profiles });
      return withEnv(
        { ...files, commands, outputFiles },
        { PYTHONUNBUFFERED: "true", PIP_ROOT_USER_ACTION: "ignore", DBT_PROFILES_DIR: task.profiles ? "." : undefined },
      );
    },
  },
];

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const OWN_PROPERTIES = (cli: Cli) => Object.keys(cli.shape).filter((k) => k !== "commands");

export const cliTasks: ScriptTaskDefinition[] = CLIS.map((cli) => ({
  kind: "script",
  type: cli.type,
  variant: "Commands",
  language: SHELL,
  title: cli.title,
  defaultImage: cli.image,
  schema: z
    .object({ type: z.literal(cli.type), ...scriptTaskShape, ...cli.shape })
    .strict()
    .describe(`Run ${cli.title} commands in a container of \`${cli.image}\` (or \`containerImage\`).`),
  adapt: (task) => {
    const adapted = cli.adapt ? cli.adapt(task) : task;
    const rest = Object.fromEntries(Object.entries(adapted).filter(([k]) => !OWN_PROPERTIES(cli).includes(k)));
    return {
      ...rest,
      failFast: task.failFast ?? cli.failFast,
      ...(cli.interpreter && task.interpreter === undefined ? { interpreter: cli.interpreter } : {}),
    };
  },
}));
