import type { Storage } from "./storage";

export interface CopyReport {
  copied: number;
  /** Already in the target with the same size (a copy that was stopped and run again). */
  skipped: number;
  bytes: number;
}

/** The store's top folders: every key Osprey writes is under one of them (storage-keys.ts). */
const TOP_FOLDERS = ["executions", "namespaces"];

/**
 * Copies every object of `from` into `to` (a local folder into a bucket, when a team moves to
 * OSPREY_STORAGE_URL), streaming one object at a time. Objects already in `to` with the same size
 * are left, so a copy that stopped can be run again; empty folders are made too.
 */
export async function copyStorage(
  from: Storage,
  to: Storage,
  onObject: (key: string) => void = () => undefined,
): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, skipped: 0, bytes: 0 };
  for (const top of TOP_FOLDERS) {
    for (const relative of await from.listAll(top)) {
      const key = `${top}/${relative}`;
      const source = await from.stat(key);
      if (source?.type !== "file") continue;
      const present = await to.stat(key);
      if (present?.type === "file" && present.size === source.size) {
        report.skipped++;
        continue;
      }
      const { stream } = await from.get(key);
      report.bytes += await to.put(key, stream);
      report.copied++;
      onObject(key);
    }
    await copyEmptyFolders(from, to, top);
  }
  return report;
}

/** Folders made empty on purpose (a namespace's new folder) hold no object, so listAll does not see them. */
async function copyEmptyFolders(from: Storage, to: Storage, prefix: string): Promise<void> {
  for (const entry of await from.list(prefix)) {
    if (entry.type !== "directory") continue;
    const key = `${prefix}/${entry.name}`;
    if ((await from.list(key)).length === 0) await to.makeFolder(key);
    else await copyEmptyFolders(from, to, key);
  }
}
