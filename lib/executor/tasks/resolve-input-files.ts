import type { Db } from "../../db/create-client";
import { isFileUri, readFileByUri } from "../../files/output-files";

/**
 * `inputFiles` as a map (name → content) or as a JSON string of one; a value that is another
 * task's output file URI is replaced by that file's bytes.
 */
export async function resolveInputFiles(
  db: Db,
  executionId: string,
  inputFiles: Record<string, string> | string | undefined,
): Promise<Record<string, string | Buffer>> {
  if (inputFiles === undefined) return {};
  const map = typeof inputFiles === "string" ? (JSON.parse(inputFiles) as Record<string, string>) : inputFiles;
  const out: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(map)) {
    out[name] = isFileUri(value.trim()) ? (await readFileByUri(db, executionId, value.trim())).content : value;
  }
  return out;
}
