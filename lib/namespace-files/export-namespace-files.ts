import { zipSync } from "fflate";
import { AppError } from "../errors/app-error";
import type { NamespaceFiles } from "./namespace-files";

/** Every file of the namespace in one ZIP (Kestra's export), refused past `maxBytes` of content. */
export async function exportNamespaceFiles(files: NamespaceFiles, maxBytes: number): Promise<Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  let total = 0;
  for (const path of await files.allFiles()) {
    const bytes = await files.read(path);
    total += bytes.length;
    if (total > maxBytes)
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `the namespace's files are more than ${maxBytes} bytes: export them in parts`,
      );
    entries[path] = new Uint8Array(bytes);
  }
  return zipSync(entries);
}
