import type { TConfig } from "../config";
import { type FileDeps, isFileUri, readFileByUri } from "../files/output-files";

/**
 * `inputFiles` as a map (name → content) or as a JSON string of one; a value that is another
 * task's output file URI is replaced by that file's bytes. Those are read into memory (they are
 * copied into the next container in one archive): at most OSPREY_MAX_OUTPUT_FILE_BYTES each. A subflow
 * may read the files of the executions that started it (a ForEachItem's batch).
 */
export async function resolveInputFiles(
  deps: FileDeps & { config: Pick<TConfig, "OSPREY_MAX_OUTPUT_FILE_BYTES"> },
  executionId: string,
  inputFiles: Record<string, string> | string | undefined,
): Promise<Record<string, string | Buffer>> {
  if (inputFiles === undefined) return {};
  const map = typeof inputFiles === "string" ? (JSON.parse(inputFiles) as Record<string, string>) : inputFiles;
  const out: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(map)) {
    out[name] = isFileUri(value.trim())
      ? (
          await readFileByUri(deps, executionId, value.trim(), deps.config.OSPREY_MAX_OUTPUT_FILE_BYTES, {
            fromParents: true,
          })
        ).content
      : value;
  }
  return out;
}
