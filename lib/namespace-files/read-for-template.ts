import type { TConfig } from "../config";
import { AppError } from "../errors/app-error";
import { type FileDeps, isFileUri, readFileByUri } from "../files/output-files";
import type { FileToRead } from "../template/render-request";
import { namespaceChain } from "../secrets/namespaces";
import { NamespaceFiles } from "./namespace-files";

export type ReadDeps = FileDeps & { config: Pick<TConfig, "OSPREY_MAX_NAMESPACE_FILE_BYTES" | "OSPREY_TEMPLATE_MAX_OUTPUT_CHARS"> };

/**
 * The text `{{ read(path) }}` gives (Kestra's ReadFileFunction): a file URI (`osprey:///…`, Kestra's `kestra://`) is a file of
 * this execution; anything else a namespace file of the flow's namespace, or of `namespace` when
 * given (the flow's own or a parent, as for secrets). At most `maxBytes`, read as UTF-8.
 */
export async function readForTemplate(deps: ReadDeps, at: { executionId: string; namespace: string }, file: FileToRead, maxBytes: number): Promise<string> {
  const where = `read('${file.path}')`;
  try {
    if (isFileUri(file.path.trim())) return (await readFileByUri(deps, at.executionId, file.path.trim(), maxBytes)).content.toString("utf8");
    const namespace = file.namespace ?? at.namespace;
    if (!namespaceChain(at.namespace).includes(namespace)) throw new AppError("FORBIDDEN", `namespace ${namespace} is neither the flow's (${at.namespace}) nor one of its parents`);
    return (await new NamespaceFiles(deps.storage, namespace, deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).read(file.path, maxBytes)).toString("utf8");
  } catch (err) {
    throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
