import { z } from "zod";
import { ZBool, ZDuration, ZExpression, ZNumber, ZStringList } from "../../plugin-kit/props";

/** Ids as Kestra allows them: letters, digits, `_` and `-`, starting with a letter or digit. */
export const ZId = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, "must start with a letter or digit and contain only letters, digits, _ and -")
  .max(100);

// The property shapes live in plugin-kit, below the flow model, so plugin families use the same ones.
export { ZBool, ZDuration, ZExpression, ZNumber, ZStringList };

/** A memory size such as `512Mb`, `1GB`, `256m` or a number of bytes. */
export const ZMemorySize = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*([kmgt]i?b?|b)?$/i, "must be a size such as 512Mb, 1GB or 256m"),
  ZExpression,
]);

export const ZCredentials = z
  .object({
    registry: z
      .string()
      .optional()
      .describe("Registry host, e.g. `ghcr.io` or `127.0.0.1:5000`. Default: taken from the image name."),
    username: z.string().optional().describe("Registry user name."),
    password: z.string().optional().describe("Registry password or token; use `{{ secret('NAME') }}`."),
    registryToken: z.string().optional().describe("A registry bearer token, used instead of username and password."),
    identityToken: z.string().optional().describe("An identity (refresh) token for the registry."),
    auth: z.string().optional().describe("base64 of `username:password`, as in a Docker config.json."),
  })
  .strict()
  .describe("Credentials for a private registry.");

/** Any YAML value but null: what a required free-form property (an output's `value`) accepts. */
export const ZAnyValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

/** Labels as a map or as a list of `{key, value}`, the two forms Kestra reads. */
export const ZLabelsInput = z.union(
  [
    z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    z.array(z.object({ key: z.string().min(1), value: z.union([z.string(), z.number(), z.boolean()]) }).strict()),
  ],
  { error: "must be a map of key: value, or a list of {key, value}" },
);

/** Properties every retry type has (Kestra's AbstractRetry). */
const retryCommon = {
  maxAttempt: ZNumber.optional().describe(
    "Most attempts in all, the first included. Default 1 retry when absent and maxDuration is absent.",
  ),
  maxAttempts: ZNumber.optional().describe(
    "Same as `maxAttempt` (the name newer Kestra versions use); the parsed flow has `maxAttempt`.",
  ),
  maxDuration: ZDuration.optional().describe("Stop retrying once this much time has passed since the first attempt."),
  warningOnRetry: ZBool.optional().describe("End in WARNING instead of SUCCESS when an attempt had to be retried."),
  behavior: z
    .enum(["RETRY_FAILED_TASK", "CREATE_NEW_EXECUTION"])
    .optional()
    .describe(
      "RETRY_FAILED_TASK (default) retries the task in the same execution; CREATE_NEW_EXECUTION starts a new execution.",
    ),
};

export const ZRetry = z
  .discriminatedUnion("type", [
    z
      .object({
        type: z.literal("constant"),
        interval: ZDuration.describe("Wait between attempts."),
        ...retryCommon,
      })
      .strict()
      .describe("The same wait between attempts."),
    z
      .object({
        type: z.literal("exponential"),
        interval: ZDuration.describe("First wait between attempts."),
        maxInterval: ZDuration.optional().describe("Longest wait between attempts (Kestra requires it)."),
        delayFactor: ZNumber.optional().describe("How much the wait grows each time. Default 2."),
        ...retryCommon,
      })
      .strict()
      .describe("A wait that grows by `delayFactor`, up to `maxInterval`."),
    z
      .object({
        type: z.literal("random"),
        minInterval: ZDuration.describe("Shortest wait between attempts."),
        maxInterval: ZDuration.describe("Longest wait between attempts."),
        ...retryCommon,
      })
      .strict()
      .describe("A random wait between `minInterval` and `maxInterval`."),
  ])
  .describe("Retry when it fails: `type` constant, exponential or random.");

export type TRetry = z.infer<typeof ZRetry>;

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
export type TLogLevel = (typeof LOG_LEVELS)[number];

export const ZWorkerGroup = z
  .object({
    key: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, "must be letters, digits, _ and -")
      .describe("Worker group that runs the task."),
    fallback: z
      .enum(["FAIL", "WAIT", "CANCEL"])
      .optional()
      .describe("When no worker of the group is alive: WAIT for one (default), FAIL the task, or CANCEL it."),
  })
  .strict()
  .describe(
    "Run the task on the workers started with this group (`OSPREY_WORKER_GROUP`); `fallback` says what happens while none is alive.",
  );
export type TWorkerGroup = z.infer<typeof ZWorkerGroup>;

/**
 * Properties every task has, whatever its type (Kestra's Task). Spread after `type` in each
 * definition's object.
 */
export const ZTaskBase = {
  id: ZId.describe("Unique id of the task within the flow; other tasks refer to its outputs by it."),
  description: z.string().optional().describe("Free text shown in the editor and the topology."),
  disabled: z.boolean().optional().describe("When true the task is left out: no task run is created."),
  runIf: z
    .union([z.string(), z.boolean()])
    .optional()
    .describe(
      "Expression rendered just before the task runs; when it renders false, 0, -0 or empty the task is SKIPPED.",
    ),
  allowFailure: ZBool.optional().describe("When the task fails, end it in WARNING and let the flow go on."),
  allowWarning: ZBool.optional().describe("End in SUCCESS instead of WARNING."),
  timeout: ZDuration.optional().describe(
    "Kill the task when it runs longer than this ISO-8601 duration, e.g. `PT10M`.",
  ),
  retry: ZRetry.optional(),
  logLevel: z.enum(LOG_LEVELS).optional().describe("Keep only log lines of this level and above."),
  logToFile: ZBool.optional().describe("Store the task's log as a file instead of log lines."),
  workerGroup: ZWorkerGroup.optional(),
  taskCache: z
    .object({
      enabled: ZBool.describe("Reuse the outputs of an earlier successful run with the same inputs."),
      ttl: ZDuration.optional().describe("How long cached outputs are reused."),
    })
    .strict()
    .optional()
    .describe("Cache the task's outputs."),
  version: z.string().optional().describe("Plugin version to use (accepted; Osprey has one version of each type)."),
};

/** Kestra's `namespaceFiles` (script tasks and WorkingDirectory): which namespace files to copy into the working directory. */
export const ZNamespaceFiles = z
  .object({
    enabled: ZBool.optional().describe(
      "Copy namespace files into the working directory. Default true when the block is given.",
    ),
    include: ZStringList.optional().describe(
      "Globs (or `regex:…`) of the files to copy, e.g. `scripts/**`; a name such as `main.py` matches at any depth. Default: every file.",
    ),
    exclude: ZStringList.optional().describe("Globs (or `regex:…`) of files to leave out."),
    namespaces: ZStringList.optional().describe(
      "Namespaces to take files from, in order, a later one's file replacing an earlier one's. Default: the flow's namespace. Osprey allows the flow's namespace, its parents, those below it, and those that allow the flow's.",
    ),
    ifExists: z
      .enum(["OVERWRITE", "FAIL", "WARN", "IGNORE"])
      .optional()
      .describe(
        "When a file of that name is already there (an `inputFiles` entry): OVERWRITE (default), FAIL, WARN (keep it, log a warning) or IGNORE (keep it).",
      ),
    folderPerNamespace: ZBool.optional().describe(
      "Put each namespace's files in a folder named after it instead of the working directory's root. Default false.",
    ),
  })
  .strict()
  .describe("Namespace files to copy into the working directory (see the Files tab).");
export type TNamespaceFiles = z.infer<typeof ZNamespaceFiles>;
