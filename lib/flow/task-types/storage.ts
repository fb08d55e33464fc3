import { z } from "zod";
import { ZBool, ZExpression, ZNumber, ZStringList } from "./common";
import { engineTask } from "./engine-task";

const STORAGE = "io.kestra.plugin.core.storage";

/** How a file is cut into pieces (Split, and ForEachItem's `batch`): by rows (default), bytes or partitions. */
export const splitShape = {
  rows: ZNumber.optional().describe("Lines per piece. Default 1 when neither bytes nor partitions is set."),
  bytes: z.string().optional().describe("Most bytes per piece, e.g. `10MB` (lines are never cut)."),
  partitions: ZNumber.optional().describe("Number of pieces; lines are dealt to them in turn."),
  separator: z.string().optional().describe("Line separator written after each line. Default `\\n`."),
};

export const writeTask = engineTask(
  "core",
  `${STORAGE}.Write`,
  "Write",
  "Store a text as a file: `outputs.<id>.uri`.",
  {
    content: z.string().describe("The file's content (rendered)."),
    extension: z.string().optional().describe("Extension of the file. Default `.ion`."),
  },
);

export const concatTask = engineTask(
  "core",
  `${STORAGE}.Concat`,
  "Concat",
  "Join files into one: `outputs.<id>.uri`.",
  {
    files: z
      .union([ZStringList, z.string()])
      .describe("URIs of the files, or an expression that renders to a JSON list of them."),
    separator: z.string().optional().describe("Written after each file."),
    extension: z.string().optional().describe("Extension of the new file. Default `.tmp`."),
  },
);

export const splitTask = engineTask(
  "core",
  `${STORAGE}.Split`,
  "Split",
  "Split a file into pieces: `outputs.<id>.uris`.",
  {
    from: z.string().min(1).describe("URI of the file to split."),
    ...splitShape,
  },
);

export const sizeTask = engineTask(
  "core",
  `${STORAGE}.Size`,
  "Size",
  "A stored file's size in bytes: `outputs.<id>.size`.",
  {
    uri: z.string().min(1).describe("URI of the file."),
  },
);

export const deleteTask = engineTask(
  "core",
  `${STORAGE}.Delete`,
  "Delete",
  "Delete a file of this execution: `outputs.<id>.deleted`.",
  {
    uri: z.string().min(1).describe("URI of the file."),
    errorOnMissing: ZBool.optional().describe("Fail when there is no such file. Default false."),
  },
);

export const localFilesTask = engineTask(
  "core",
  `${STORAGE}.LocalFiles`,
  "Local Files (deprecated)",
  "Deprecated: use `inputFiles`/`outputFiles`. Write files into the working directory (a WorkingDirectory's shared one) and keep some: `outputs.<id>.uris`.",
  {
    inputs: z
      .union([z.record(z.string(), z.string()), z.string()])
      .optional()
      .describe("File name → content (or a file URI to copy)."),
    outputs: ZStringList.optional().describe(
      "Globs of files in the working directory to keep: `outputs.<id>.uris['name']`.",
    ),
  },
);

export const deduplicateItemsTask = engineTask(
  "core",
  `${STORAGE}.DeduplicateItems`,
  "Deduplicate Items",
  "Keep the last item of each key in an Ion file (one item per line): `outputs.<id>.uri`, `numKeys`, `processedItemsTotal`, `droppedItemsTotal`.",
  {
    from: z.string().min(1).describe("URI of the Ion file, e.g. a CsvToIon output."),
    expr: z
      .string()
      .min(1)
      .describe(
        "Expression rendered against each item for its key; fields are read directly, e.g. `{{ customer_email }}`.",
      ),
  },
);

export const FILTER_TYPES = ["INCLUDE", "EXCLUDE"] as const;
export const ERROR_OR_NULL_BEHAVIORS = ["FAIL", "INCLUDE", "EXCLUDE"] as const;

export const filterItemsTask = engineTask(
  "core",
  `${STORAGE}.FilterItems`,
  "Filter Items",
  "Keep or drop the items of an Ion file (one item per line) by a condition: `outputs.<id>.uri`, `processedItemsTotal`, `droppedItemsTotal`.",
  {
    from: z.string().min(1).describe("URI of the Ion file, e.g. a CsvToIon output."),
    filterCondition: z
      .string()
      .min(1)
      .describe(
        "Expression rendered against each item, e.g. `{{ (product_id | number) == 20 }}`; false, 0, -0 and empty are false, anything else true.",
      ),
    filterType: z
      .union([z.enum(FILTER_TYPES), ZExpression])
      .optional()
      .describe("INCLUDE (default) keeps the items that match, EXCLUDE drops them."),
    errorOrNullBehavior: z
      .union([z.enum(ERROR_OR_NULL_BEHAVIORS), ZExpression])
      .optional()
      .describe("When the condition fails on an item: FAIL the task (default), INCLUDE or EXCLUDE the item."),
  },
);

export const storageTasks = [
  writeTask,
  concatTask,
  splitTask,
  sizeTask,
  deleteTask,
  localFilesTask,
  deduplicateItemsTask,
  filterItemsTask,
];
