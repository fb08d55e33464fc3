import { unzipSync } from "fflate";
import { AppError } from "../errors/app-error";
import type { NamespaceFiles } from "./namespace-files";

/** Most entries one uploaded ZIP may unpack into. */
const MAX_ZIP_ENTRIES = 10_000;

/**
 * Kestra's upload: a file is stored at `path`; a `.zip` is unpacked instead, each entry at its own
 * path from the namespace root. Entries are size-checked from the archive's directory before they
 * are inflated (a ZIP bomb stops there), and each path goes through the same checks as the API's.
 */
export async function uploadNamespaceFile(
  files: NamespaceFiles,
  path: string,
  fileName: string,
  content: Buffer,
  maxBytes: number,
): Promise<string[]> {
  if (!fileName.toLowerCase().endsWith(".zip")) return [await files.write(path, content)];
  let total = 0;
  let count = 0;
  const tooBig = new AppError(
    "PAYLOAD_TOO_LARGE",
    `the ZIP unpacks to more than ${maxBytes} bytes or ${MAX_ZIP_ENTRIES} files`,
  );
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(content), {
      filter: (entry) => {
        total += entry.originalSize;
        count++;
        if (total > maxBytes || count > MAX_ZIP_ENTRIES) throw tooBig;
        return !entry.name.endsWith("/");
      },
    });
  } catch (err) {
    if (AppError.is(err)) throw err;
    throw new AppError("BAD_REQUEST", `the ZIP cannot be read: ${(err as Error).message}`);
  }
  const written: string[] = [];
  for (const [name, bytes] of Object.entries(entries)) {
    if (bytes.length > maxBytes) throw tooBig;
    written.push(await files.write(name, Buffer.from(bytes)));
  }
  return written;
}
