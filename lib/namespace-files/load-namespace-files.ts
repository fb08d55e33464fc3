import type { TConfig } from "../config";
import type { TNamespaceFiles } from "../flow/task-types/common";
import type { Db } from "../db/create-client";
import { mayShare } from "../namespaces/namespace-access";
import type { Storage } from "../storage/storage";
import { toBool } from "../values/values";
import { fileMatcher } from "./match-files";
import { NamespaceFiles } from "./namespace-files";

export interface LoadedNamespaceFiles {
  /** Working-directory path → bytes: the files given in, with the namespace files merged per `ifExists`. */
  files: Record<string, string | Buffer>;
  /** Lines for the task's log: how many files came from where (INFO), files kept per `ifExists: WARN` (WARN). */
  notes: { level: "INFO" | "WARN"; message: string }[];
}

export type NamespaceFilesDeps = {
  db: Db;
  storage: Storage;
  config: Pick<TConfig, "OSPREY_MAX_NAMESPACE_FILE_BYTES" | "OSPREY_MAX_OUTPUT_BYTES_PER_TASK">;
};

/**
 * The refusal of another namespace's files: it names only the namespace, the same whether or not a
 * file exists there. Which a flow reaches is `mayShare`'s to say (lib/namespaces).
 */
export function namespaceFilesDenied(flowNamespace: string, namespace: string, where = "namespace files"): Error {
  return new Error(`${where}: the files of namespace ${namespace} are out of reach of a flow of ${flowNamespace}`);
}

/**
 * Kestra's NamespaceFilesUtils: the (rendered) `namespaceFiles` option's matching files of each
 * namespace, in order (a later namespace's file replaces an earlier one's), merged into `existing`
 * (the task's `inputFiles`) per `ifExists`. A flow reads its own namespace's files, its parents',
 * those below it and those of a namespace that allows it (`mayShare`): namespace roles guard the rest.
 */
export async function loadNamespaceFiles(
  deps: NamespaceFilesDeps,
  flowNamespace: string,
  option: TNamespaceFiles | undefined,
  existing: Record<string, string | Buffer>,
): Promise<LoadedNamespaceFiles> {
  if (!option || !toBool(option.enabled, "namespaceFiles.enabled", true)) return { files: existing, notes: [] };
  const namespaces = option.namespaces ?? [flowNamespace];
  for (const ns of namespaces) {
    if (!(await mayShare(deps.db, flowNamespace, ns)))
      throw namespaceFilesDenied(flowNamespace, ns, "namespaceFiles.namespaces");
  }
  const perNamespace = toBool(option.folderPerNamespace, "namespaceFiles.folderPerNamespace", false);
  const matches = fileMatcher(option.include, option.exclude);
  // Destination → where it comes from; deduplicated first so the last namespace wins, as in Kestra.
  const chosen = new Map<string, { ns: NamespaceFiles; path: string }>();
  for (const namespace of namespaces) {
    const ns = new NamespaceFiles(deps.storage, namespace, deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES);
    for (const path of (await ns.allFiles()).filter(matches))
      chosen.set(perNamespace ? `${namespace}/${path}` : path, { ns, path });
  }
  const files = { ...existing };
  const notes: LoadedNamespaceFiles["notes"] = [];
  const ifExists = option.ifExists ?? "OVERWRITE";
  let budget = deps.config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK;
  for (const [destination, { ns, path }] of chosen) {
    if (Object.hasOwn(files, destination) && ifExists !== "OVERWRITE") {
      if (ifExists === "FAIL")
        throw new Error(`namespaceFiles: ${destination} already exists in the working directory (ifExists: FAIL)`);
      if (ifExists === "WARN")
        notes.push({
          level: "WARN",
          message: `namespaceFiles: ${destination} already exists in the working directory; kept (ifExists: WARN)`,
        });
      continue;
    }
    const content = await ns.read(path, Math.min(budget, deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES));
    budget -= content.length;
    files[destination] = content;
  }
  notes.unshift({
    level: "INFO",
    message: `Loaded ${chosen.size} namespace file${chosen.size === 1 ? "" : "s"} from '${namespaces.join(", ")}'`,
  });
  return { files, notes };
}
