import { z } from "zod";
import { KV_TYPES } from "../../values/kv-value";
import { ZAnyValue, ZBool, ZDuration } from "./common";
import { engineTask } from "./engine-task";

const KV = "io.kestra.plugin.core.kv";
const STATE = "io.kestra.plugin.core.state";

const namespace = z
  .string()
  .optional()
  .describe(
    "The namespace of the KV store: the flow's (default), one of its parents, one below it, or one that allows the flow's.",
  );
const errorOnMissing = z
  .union([z.boolean(), z.string()])
  .optional()
  .describe("Fail when the key has no value. Default false.");

export const kvSetTask = engineTask(
  "core",
  `${KV}.Set`,
  "KV Set",
  "Create or replace a key-value pair in a namespace's KV store.",
  {
    key: z.string().describe("The key (letters, digits, `.`, `_`, `-`)."),
    value: ZAnyValue.describe("The value; a rendered string is converted to `kvType` when given."),
    namespace,
    overwrite: ZBool.optional().describe("Replace an existing value (default true); false fails when the key exists."),
    ttl: ZDuration.optional().describe(
      "Time to live, an ISO-8601 duration such as PT1H or P7D; none: kept until deleted.",
    ),
    kvType: z.enum(KV_TYPES).optional().describe("The value's type. Default: STRING for text, else what the value is."),
  },
);

export const kvPutTask = engineTask(
  "core",
  `${KV}.Put`,
  "KV Put",
  "Update a key's value (created when missing): a map is deep-merged into the stored map, `[{key, value}, …]` sets fields of the stored JSON (dotted paths such as `nested.field`), `[{value}]` replaces it; other values replace it.",
  {
    key: z.string().describe("The key to update."),
    value: ZAnyValue.describe("The new value, a map to merge, or a list of `{key, value}` entries."),
    namespace,
    errorOnMissing: z
      .union([z.boolean(), z.string()])
      .optional()
      .describe("Fail, writing nothing, when the key has no value. Default false."),
  },
);

export const kvGetTask = engineTask(
  "core",
  `${KV}.Get`,
  "KV Get",
  "Read a key's value: `outputs.<id>.value` (null when missing). In the flow's own namespace, parent namespaces are searched too.",
  {
    key: z.string().describe("The key to read."),
    namespace,
    errorOnMissing,
  },
);

export const kvDeleteTask = engineTask(
  "core",
  `${KV}.Delete`,
  "KV Delete",
  "Delete a key: `outputs.<id>.deleted` says whether it had a value.",
  {
    key: z.string().describe("The key to delete."),
    namespace,
    errorOnMissing,
  },
);

export const kvGetKeysTask = engineTask(
  "core",
  `${KV}.GetKeys`,
  "KV Get Keys",
  "List a namespace's keys, optionally those starting with `prefix`: `outputs.<id>.keys`.",
  {
    prefix: z.string().optional().describe("Only keys starting with this text."),
    namespace,
  },
);

const stateShape = {
  name: z.string().optional().describe("The state's name. Default `default`."),
  namespace: ZBool.optional().describe(
    "Share the state with every flow of the namespace (default false: this flow only).",
  ),
  taskrunValue: ZBool.optional().describe("Keep one state per `taskrun.value` in a ForEach (default true)."),
};

export const stateSetTask = engineTask(
  "core",
  `${STATE}.Set`,
  "State Set",
  "Merge `data` into a stored state (kept in the KV store): `outputs.<id>.count`, `outputs.<id>.key`.",
  {
    ...stateShape,
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Keys and values merged into the state; values are rendered."),
  },
);

export const stateGetTask = engineTask(
  "core",
  `${STATE}.Get`,
  "State Get",
  "Read a stored state: `outputs.<id>.data`, `outputs.<id>.count`.",
  {
    ...stateShape,
    errorOnMissing,
  },
);

export const stateDeleteTask = engineTask(
  "core",
  `${STATE}.Delete`,
  "State Delete",
  "Delete a stored state: `outputs.<id>.deleted`.",
  {
    ...stateShape,
    errorOnMissing,
  },
);

export const kvTasks = [
  kvSetTask,
  kvPutTask,
  kvGetTask,
  kvDeleteTask,
  kvGetKeysTask,
  stateSetTask,
  stateGetTask,
  stateDeleteTask,
];
