import { hostname } from "node:os";
import { z } from "zod";
import { defaultConcurrency } from "./default-concurrency";
import { isNetwork } from "./values/network";
import { memoryBytes } from "./values/values";

/** An on/off setting: "true"/"1" or "false"/"0"; unset or empty means `fallback`. */
const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1"));
const ZFlag = flag(false);

/** A size: bytes, or `512Mb`, `1Gb` (binary units); unset or empty means `fallback`. */
const size = (fallback: number) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      let n: number | undefined;
      try {
        // The shape first: the size parser alone reads "1.5.2Gb" as 1.
        n =
          typeof v === "number" || /^\d+(\.\d+)?\s*([kmgt]i?b?|b)?$/i.test(v.trim())
            ? memoryBytes(v, "size")
            : undefined;
      } catch {
        n = undefined;
      }
      if (n === undefined || !Number.isSafeInteger(n) || n < 1) {
        ctx.addIssue({ code: "custom", message: `expected a size such as 1Gb or a number of bytes, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

// The one place that reads process.env (STYLE habit 4). Everything else imports `config`.
const ZConfig = z.object({
  DATABASE_URL: z.string().default("file:./data/osprey.db"),
  DOCKER_HOST: z.string().optional(),
  /** How many executions the in-process executor runs at once; unset: sized from cores and memory. */
  OSPREY_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => defaultConcurrency()),
  /** This server's name as the owner of the executions it runs (and of their containers): a
   *  restarted server takes its own back at once, another's only once its lease has run out. Give
   *  each server sharing a database its own name; the default is the host's name. */
  /** Kestra's `envs`: the server's environment variables with this prefix, named without it in lower
   *  case (`ENV_REGION` → `{{ envs.region }}`), as Kestra's kestra.variables.env-vars-prefix. */
  OSPREY_ENV_VARS_PREFIX: z.string().min(1).default("ENV_"),
  /** Kestra's `globals` (kestra.variables.globals): a JSON object every flow reads as `{{ globals.… }}`. */
  OSPREY_GLOBALS: z
    .string()
    .default("{}")
    .transform((text, ctx) => {
      try {
        const value: unknown = JSON.parse(text);
        if (value !== null && typeof value === "object" && !Array.isArray(value))
          return value as Record<string, unknown>;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: "custom", message: 'expected a JSON object such as {"region": "eu"}' });
      return z.NEVER;
    }),
  OSPREY_WORKER_NAME: z
    .string()
    .min(1)
    .max(200)
    .default(() => hostname()),
  /** What this process does: `all` (one process: web, orchestration and containers), `web` (the UI,
   *  the API and orchestration; containers run on workers), `worker` (claims task runs and runs their
   *  containers on its DOCKER_HOST; `npm run worker`). */
  OSPREY_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  /** The `workerGroup.key` a worker serves: it claims only that group's tasks (none: tasks without a group). */
  OSPREY_WORKER_GROUP: z.string().min(1).max(200).optional(),
  /** An execution whose owner has not renewed its lease for this long is taken over by another server. */
  OSPREY_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** A worker told to stop (SIGTERM, SIGINT) lets its running task runs end for this long, then hands
   *  the rest back to other workers at once (their containers reattached, or started again). */
  OSPREY_DRAIN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** The port a worker process serves `GET /api/health` and `GET /metrics` on (unset: none). */
  OSPREY_WORKER_PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(65_535).optional(),
  ),
  /** How long background work (executor, workers, scheduler) waits out a database outage before a
   *  query's error is let through; requests from people are answered at once (503). */
  OSPREY_DB_OUTAGE_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** Polling interval of the executor when nothing wakes it. */
  OSPREY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Lines kept in memory per execution before the container's stream is paused. Small keeps the
   *  heap flat under a log flood (measured in bench/log-flood.ts); larger buys nothing. */
  OSPREY_LOG_BUFFER_LINES: z.coerce.number().int().min(100).default(2_000),
  /** Milliseconds between log batch flushes while lines keep arriving. */
  OSPREY_LOG_FLUSH_MS: z.coerce.number().int().min(5).max(5_000).default(50),
  /** 32-byte key (base64) that encrypts secrets; when unset, a key file is generated. */
  OSPREY_SECRET_KEY: z.string().optional(),
  OSPREY_SECRET_KEY_FILE: z.string().default("./data/secret.key"),
  /** Signs session cookies; when unset, a random one is kept in OSPREY_AUTH_SECRET_FILE. */
  OSPREY_AUTH_SECRET: z.string().min(32).optional(),
  OSPREY_AUTH_SECRET_FILE: z.string().default("./data/auth.secret"),
  /** The address users reach Osprey at (e.g. https://osprey.example.com): fixes cookie `Secure` and the
   *  Origin that state-changing requests must come from. Unset: taken from each request's Host. */
  OSPREY_BASE_URL: z.url().optional(),
  /** Further origins allowed to send state-changing requests with a session cookie (comma-separated). */
  OSPREY_TRUSTED_ORIGINS: z.string().default(""),
  /** The first admin, made by `npm run up` when no admin exists; no password: one is generated and printed once. */
  OSPREY_ADMIN_EMAIL: z.email().default("admin@osprey.local"),
  OSPREY_ADMIN_PASSWORD: z.string().min(12).optional(),
  /** Sign-in attempts allowed per client address per minute. */
  OSPREY_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Webhook calls accepted per flow per minute (a flow's webhook URL is public: this bounds what a caller can start). */
  OSPREY_WEBHOOK_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Longest a Webhook with `wait: true` holds the call open for its execution to end (then 504; it goes on). */
  OSPREY_WEBHOOK_WAIT_SECONDS: z.coerce.number().int().min(1).default(600),
  /** Largest webhook request body, in bytes. */
  OSPREY_WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1_000_000),
  /** Proxies (IPs or CIDRs) whose X-Forwarded-For is believed when telling clients apart. */
  OSPREY_TRUSTED_PROXIES: z.string().default(""),
  /** Off by default: each lets a flow author act on the server's host. */
  OSPREY_ALLOW_PRIVILEGED: ZFlag,
  OSPREY_ALLOW_HOST_VOLUMES: ZFlag,
  OSPREY_ALLOW_PROCESS_RUNNER: ZFlag,
  /** What a task asking for the Process task runner gets: `container` (default: its language's image,
   *  as Kestra's own container would run it), `host` (the server's host), or `refuse`.
   *  OSPREY_ALLOW_PROCESS_RUNNER=true means `host`. */
  OSPREY_PROCESS_RUNNER: z.enum(["container", "host", "refuse"]).default("container"),
  /** SQLite and DuckDB tasks run inside the server: off, they open only files of their own task
   *  (absolute paths, ATTACH, COPY … TO elsewhere and network reads are refused); on, any file the server can. */
  OSPREY_ALLOW_SQL_HOST_FILES: ZFlag,
  /** `networkMode: host` or `container:<id>`: the task shares the server's (or another container's) network, loopback included. */
  OSPREY_ALLOW_HOST_NETWORK: ZFlag,
  /** `portBindings`: the task publishes ports on the server's interfaces. */
  OSPREY_ALLOW_PORT_BINDINGS: ZFlag,
  /** `deviceRequests`: the task reaches host devices such as GPUs. */
  OSPREY_ALLOW_DEVICE_REQUESTS: ZFlag,
  /** Docker Rm, Stop and Prune may act on containers, images, volumes and networks Osprey does not own
   *  (anything on the engine but the default images and protected prefixes). Off: only Osprey's own. */
  OSPREY_DOCKER_TASKS_ALLOW_FOREIGN: ZFlag,
  /** Comma-separated Docker engines a task or Build may name with `host`, besides the server's own (DOCKER_HOST or the default socket). */
  OSPREY_ALLOWED_DOCKER_HOSTS: z.string().default(""),
  /** Comma-separated image name prefixes that are built on this server only: never pulled, and no Build may tag them. */
  OSPREY_PROTECTED_IMAGE_PREFIXES: z.string().default("osprey/"),
  /** Container defaults for a task that sets none (an admin's safety net; the task's own values win). */
  OSPREY_DEFAULT_MEMORY: z.string().default("4Gb"),
  OSPREY_DEFAULT_CPUS: z.coerce.number().positive().optional(),
  OSPREY_PIDS_LIMIT: z.coerce.number().int().min(-1).default(4096),
  OSPREY_NO_NEW_PRIVILEGES: flag(true),
  /** Comma-separated registries images may come from (e.g. `docker.io,ghcr.io,127.0.0.1:5055`); empty allows all. */
  OSPREY_ALLOWED_REGISTRIES: z.string().default(""),
  /** Most log lines stored per task run; past it one truncation line is stored and the rest dropped. */
  OSPREY_MAX_TASK_LOG_LINES: z.coerce.number().int().min(10).default(5_000_000),
  /** Expressions render in separate processes: the longest one render may take, each process's heap, the
   *  most characters a task's rendered properties may hold, and how many processes render at once. */
  OSPREY_TEMPLATE_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  OSPREY_TEMPLATE_MEMORY_MB: z.coerce.number().int().min(16).max(4096).default(128),
  OSPREY_TEMPLATE_MAX_OUTPUT_CHARS: z.coerce.number().int().min(1_000).default(10_000_000),
  OSPREY_TEMPLATE_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Evaluation steps one expression may take (loops, filters) before it fails with a clear error. */
  OSPREY_TEMPLATE_MAX_STEPS: z.coerce.number().int().min(1_000).default(1_000_000),
  /** Folder where output files are stored (one file per output file, written atomically). */
  OSPREY_STORAGE_DIR: z.string().min(1).default("./data/storage"),
  /** `s3://bucket/prefix`: output and namespace files go to an S3-compatible store instead of OSPREY_STORAGE_DIR. */
  OSPREY_STORAGE_URL: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "expected s3://bucket or s3://bucket/prefix")
    .optional(),
  /** The S3 endpoint (e.g. `http://minio:9000`); unset: AWS's own for OSPREY_S3_REGION. */
  OSPREY_S3_ENDPOINT: z.url().optional(),
  OSPREY_S3_REGION: z.string().min(1).default("us-east-1"),
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key` (MinIO and most self-hosted stores). */
  OSPREY_S3_FORCE_PATH_STYLE: ZFlag,
  /** Static credentials; unset: the AWS default chain (AWS_* variables, profile, instance role). */
  OSPREY_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  OSPREY_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Largest output file a task may keep, and most bytes of output files per task run; past
   *  either, reading stops at once, what the task run stored is removed and the task fails. */
  OSPREY_MAX_OUTPUT_FILE_BYTES: size(1024 ** 3),
  OSPREY_MAX_OUTPUT_BYTES_PER_TASK: size(2 * 1024 ** 3),
  /** Longest `::{"outputs":…}::` line (also metrics and logs) a script task may print; a longer one
   *  fails the task, naming this limit. Ordinary log lines are cut at 64 KB (marked) as before. */
  OSPREY_MAX_OUTPUTS_LINE_BYTES: size(1024 ** 2),
  /** HTTP tasks (http.Request, http.Download) may reach loopback, private, link-local and other non-public addresses. */
  OSPREY_HTTP_ALLOW_PRIVATE: ZFlag,
  /** Comma-separated addresses or CIDRs (e.g. `10.1.2.0/24`) HTTP tasks may reach although not public. */
  OSPREY_HTTP_ALLOWED_NETWORKS: z
    .string()
    .default("")
    .refine((v) => listOf(v).every(isNetwork), "expected comma-separated IP addresses or CIDRs such as 10.1.2.0/24"),
  /** Comma-separated hosts notification tasks (Slack, Teams, …) may post to, exact or `*.example.com`;
   *  empty: any host the HTTP rules above allow. An admin's guard against flows sending data elsewhere. */
  OSPREY_NOTIFICATION_HOSTS: z.string().default(""),
  /** The same for email tasks' SMTP servers (MailSend, MailExecution); the address rules above apply to SMTP too. */
  OSPREY_MAIL_HOSTS: z.string().default(""),
  /** The same for the git tasks the server runs (SyncFlows, PushFlows, …); the address rules apply to git too. */
  OSPREY_GIT_HOSTS: z.string().default(""),
  /** The same for SQL tasks and triggers that connect to a server (PostgreSQL, MySQL, MariaDB); the address rules apply too. */
  OSPREY_SQL_HOSTS: z.string().default(""),
  /** Largest response body an http.Request keeps as its `body` output (http.Download is bounded by the output file limits). */
  OSPREY_HTTP_MAX_RESPONSE_BYTES: size(10 * 1024 ** 2),
  /** Ended executions older than this many days are purged every hour, with their task runs, logs
   *  and files (Kestra's PurgeExecutions on a schedule); 0 keeps everything. */
  OSPREY_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  /** Largest namespace file that may be uploaded or saved; `namespaceFiles` copies at most
   *  OSPREY_MAX_OUTPUT_BYTES_PER_TASK of them into one task, `read()` at most one render's output. */
  OSPREY_MAX_NAMESPACE_FILE_BYTES: size(20 * 1024 ** 2),
  /** Largest file a FILE input may upload when a run starts (the upload is held in memory once). */
  OSPREY_MAX_INPUT_FILE_BYTES: size(100 * 1024 ** 2),
  // ── Bounds on what one flow author can make the server do (README "Security": caps) ──────────
  /** Most values one ForEach (or EachSequential, EachParallel, Each*) may iterate over. */
  OSPREY_MAX_FOREACH_VALUES: z.coerce.number().int().min(1).default(10_000),
  /** Most tasks a Parallel may hold, and most (value, task) pairs an EachParallel may start. */
  OSPREY_MAX_PARALLEL_TASKS: z.coerce.number().int().min(1).default(1_000),
  /** Most task runs one execution may make; past it the execution fails, naming the limit. */
  OSPREY_MAX_TASK_RUNS_PER_EXECUTION: z.coerce.number().int().min(10).default(100_000),
  /** How deep executions may start one another (Subflow, ForEachItem, Flow triggers): a flow that calls itself stops there. */
  OSPREY_MAX_SUBFLOW_DEPTH: z.coerce.number().int().min(1).max(1_000).default(10),
  /** Executions this server orchestrates at once (waiting ones, paused ones and parents waiting on a child included). */
  OSPREY_MAX_RUNNING_EXECUTIONS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** RUNNING executions one namespace (with those below it counted apart) may have at once; 0: no cap. */
  OSPREY_NAMESPACE_MAX_RUNNING: z.coerce.number().int().min(0).default(100),
  /** Ticks one backfill may span, and ticks a late scheduler fires to catch up on one trigger. */
  OSPREY_MAX_BACKFILL_TICKS: z.coerce.number().int().min(1).default(10_000),
  /** The shortest interval between two ticks of a Schedule, in seconds. */
  OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(1),
  /** Labels one flow or execution may carry, and the most characters of a label's key and value. */
  OSPREY_MAX_LABELS: z.coerce.number().int().min(1).default(100),
  OSPREY_MAX_LABEL_CHARS: z.coerce.number().int().min(16).default(1_000),
  /** The longest KV key, and the largest KV value (bytes of its JSON), from the API and from tasks alike. */
  OSPREY_MAX_KV_KEY_CHARS: z.coerce.number().int().min(16).default(255),
  OSPREY_MAX_KV_VALUE_BYTES: size(1024 ** 2),
  /** Failed-key webhook calls one client address may make per minute, counted apart from the flow's own limit. */
  OSPREY_WEBHOOK_FAILED_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  OSPREY_IMAGE_PYTHON: z.string().default("osprey/python:latest"),
  OSPREY_IMAGE_SHELL: z.string().default("osprey/shell:latest"),
  OSPREY_IMAGE_NODE: z.string().default("osprey/node:latest"),
  OSPREY_IMAGE_R: z.string().default("osprey/r:latest"),
  OSPREY_IMAGE_JULIA: z.string().default("julia:latest"),
});

export type TConfig = z.infer<typeof ZConfig> & {
  /** Kestra's `envs` (see OSPREY_ENV_VARS_PREFIX), read with the rest of the environment. */
  envs: Record<string, string>;
};

/** Settings an admin may change at run time from the Settings page (stored in the database, over the environment). */
export const EDITABLE_SETTINGS = [
  "OSPREY_DEFAULT_MEMORY",
  "OSPREY_DEFAULT_CPUS",
  "OSPREY_PIDS_LIMIT",
  "OSPREY_NO_NEW_PRIVILEGES",
  "OSPREY_ALLOW_PRIVILEGED",
  "OSPREY_ALLOW_HOST_VOLUMES",
  "OSPREY_ALLOW_PROCESS_RUNNER",
  "OSPREY_PROCESS_RUNNER",
  "OSPREY_ALLOW_SQL_HOST_FILES",
  "OSPREY_ALLOW_HOST_NETWORK",
  "OSPREY_ALLOW_PORT_BINDINGS",
  "OSPREY_ALLOW_DEVICE_REQUESTS",
  "OSPREY_ALLOWED_REGISTRIES",
  "OSPREY_ALLOWED_DOCKER_HOSTS",
  "OSPREY_PROTECTED_IMAGE_PREFIXES",
  "OSPREY_MAX_TASK_LOG_LINES",
  "OSPREY_MAX_OUTPUT_FILE_BYTES",
  "OSPREY_MAX_OUTPUT_BYTES_PER_TASK",
  "OSPREY_HTTP_ALLOW_PRIVATE",
  "OSPREY_HTTP_ALLOWED_NETWORKS",
  "OSPREY_NOTIFICATION_HOSTS",
  "OSPREY_MAIL_HOSTS",
  "OSPREY_GIT_HOSTS",
  "OSPREY_SQL_HOSTS",
  "OSPREY_HTTP_MAX_RESPONSE_BYTES",
  "OSPREY_RETENTION_DAYS",
] as const satisfies (keyof TConfig)[];
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];

/** Parses one setting's text exactly as the environment's value would be parsed. */
export function parseSetting<K extends EditableSetting>(key: K, value: string): TConfig[K] {
  return (ZConfig.shape as Record<string, z.ZodType>)[key].parse(value) as TConfig[K];
}

/** Every setting's name (tests check deployment files name only real ones). */
export const CONFIG_KEYS: readonly string[] = Object.keys(ZConfig.shape);

export function loadConfig(env: Record<string, string | undefined> = process.env): TConfig {
  const parsed = ZConfig.parse(env);
  return { ...parsed, envs: envVariables(parsed.OSPREY_ENV_VARS_PREFIX, env) };
}

export const config: TConfig = loadConfig();

/**
 * The Prisma CLI reads DATABASE_URL from the environment while it loads the schema, and falls back
 * to downloading an engine when it cannot: give it the configured default before it looks.
 */
export function exportDatabaseUrlForPrisma(): string {
  process.env.DATABASE_URL ??= config.DATABASE_URL;
  return process.env.DATABASE_URL;
}

/** A comma-separated setting as a list, blanks dropped. */
export function listOf(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Kestra's open-source secrets: an environment variable `SECRET_<NAME>` holding the value in
 * base64 is `secret('<NAME>')`.
 */
export function envSecrets(env: Record<string, string | undefined> = process.env): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith("SECRET_") && key.length > 7 && value !== undefined) {
      out.set(key.slice(7), Buffer.from(value, "base64").toString("utf8"));
    }
  }
  return out;
}

/** Kestra's `envs`: environment variables with `prefix`, by their name without it in lower case. */
export function envVariables(
  prefix: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (key.startsWith(prefix) && key.length > prefix.length && value !== undefined)
      out[key.slice(prefix.length).toLowerCase()] = value;
  return out;
}
