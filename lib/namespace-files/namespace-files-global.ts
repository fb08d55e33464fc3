import "server-only";
import { config } from "../config";
import { getStorage } from "../storage/storage-global";
import { NamespaceFiles } from "./namespace-files";

/** A namespace's files in the server's storage, with the configured size limit. */
export function namespaceFilesOf(namespace: string): NamespaceFiles {
  return new NamespaceFiles(getStorage(), namespace, config.OSPREY_MAX_NAMESPACE_FILE_BYTES);
}
