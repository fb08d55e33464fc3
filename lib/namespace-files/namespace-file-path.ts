import { AppError } from "../errors/app-error";
import { ZNamespace } from "../flow/flow-schema";
import { assertValidKey } from "../storage/storage-keys";

/** Kestra keeps flows' sources under `_flows`; its API refuses the folder, and so does Osprey's. */
const FORBIDDEN_ROOT = "_flows";
/** Longest file or folder name on common filesystems (ext4: 255 bytes). */
const MAX_NAME_BYTES = 255;

/**
 * A namespace file's path as the API and tasks give it (`/scripts/main.py` or `scripts/main.py`)
 * → its canonical relative form (`scripts/main.py`); `""` is the namespace's root folder, allowed
 * only where `root` says so. Anything that could climb out, is ambiguous or names `_flows` is a
 * 400, before any storage is touched.
 */
export function namespaceFilePath(raw: string | null | undefined, options: { root?: boolean } = {}): string {
  const path = (raw ?? "").replace(/^\/+/, "").replace(/\/+$/, "");
  if (path === "") {
    if (options.root) return "";
    throw new AppError("BAD_REQUEST", "give a file's path, e.g. `scripts/main.py`");
  }
  const bad = (why: string) =>
    new AppError("BAD_REQUEST", `invalid namespace file path ${JSON.stringify(raw)}: ${why}`);
  try {
    assertValidKey(path);
  } catch (err) {
    throw AppError.is(err) ? bad(err.message.replace(/^invalid storage key "[^"]*": /, "")) : err;
  }
  const segments = path.split("/");
  if (segments[0] === FORBIDDEN_ROOT) throw bad(`the ${FORBIDDEN_ROOT} folder is reserved`);
  if (segments.some((s) => Buffer.byteLength(s) > MAX_NAME_BYTES))
    throw bad(`a file or folder name is longer than ${MAX_NAME_BYTES} bytes`);
  return path;
}

/** Every namespace file of `namespace` lives under this storage key. */
export function namespaceFilesPrefix(namespace: string): string {
  return assertValidKey(`namespaces/${ZNamespace.parse(namespace)}/files`);
}

/** The storage key of a (canonical) namespace file path; the root folder for `""`. */
export function namespaceFileKey(namespace: string, path: string): string {
  const prefix = namespaceFilesPrefix(namespace);
  return path === "" ? prefix : assertValidKey(`${prefix}/${path}`);
}
