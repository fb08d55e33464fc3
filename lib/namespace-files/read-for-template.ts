import type { TConfig } from "../config";
import { type FileDeps, isFileUri, readFileByUri } from "../files/output-files";
import type { FileToRead } from "../template/render-request";
import { mayShare } from "../namespaces/namespace-access";
import { namespaceFilesDenied } from "./load-namespace-files";
import { NamespaceFiles } from "./namespace-files";

export type ReadDeps = FileDeps & {
  config: Pick<TConfig, "OSPREY_MAX_NAMESPACE_FILE_BYTES" | "OSPREY_TEMPLATE_MAX_OUTPUT_CHARS">;
};

/**
 * The text `{{ read(path) }}` gives (Kestra's ReadFileFunction): a file URI (`osprey:///…`, Kestra's `kestra://`) is a file of
 * this execution or of one that started it as a subflow; anything else a namespace file of the flow's namespace, or of `namespace` when
 * given (its own, a parent, one below it, or one that allows it: `mayShare`). At most `maxBytes`, read as UTF-8.
 */
export async function readForTemplate(
  deps: ReadDeps,
  at: { executionId: string; namespace: string },
  file: FileToRead,
  maxBytes: number,
): Promise<string> {
  const where = `read('${file.path}')`;
  try {
    if (isFileUri(file.path.trim()))
      // A subflow reads the files its parents passed it (a ForEachItem batch), as Kestra's ReadFileFunction does.
      return (
        await readFileByUri(deps, at.executionId, file.path.trim(), maxBytes, { fromParents: true })
      ).content.toString("utf8");
    const namespace = file.namespace ?? at.namespace;
    if (!(await mayShare(deps.db, at.namespace, namespace))) throw namespaceFilesDenied(at.namespace, namespace);
    return (
      await new NamespaceFiles(deps.storage, namespace, deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).read(
        file.path,
        maxBytes,
      )
    ).toString("utf8");
  } catch (err) {
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
