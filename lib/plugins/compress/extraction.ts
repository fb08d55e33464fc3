import type { PluginContext } from "../../plugin-kit/plugin-task";
import { ByteBudget, counted, smallText } from "./byte-streams";
import type { ReadLimits } from "./compress-props";
import { entryPath, linkTarget, storedName } from "./entry-path";

// What ArchiveDecompress does with each entry an archive reader finds: checks it, stores a file
// through the port, and keeps Kestra's output `files` (entry name → URI).

/** One entry as a reader finds it; `content` is read at most once, and only for what is stored. */
export interface ArchiveEntry {
  name: string;
  kind: "file" | "directory" | "symlink" | "hard link" | "other";
  /** A TAR link's target; a ZIP symlink's target is its content. */
  linkName?: string;
  content: AsyncIterable<Uint8Array>;
}

/** What a reader hands entries to: `check` a name early when it can (ZIP), `add` every entry in order. */
export interface EntryHandler {
  check(name: string): void;
  add(entry: ArchiveEntry): Promise<void>;
}

/** A link's target is a path, never more than this. */
const MAX_LINK_BYTES = 4096;

export class Extraction implements EntryHandler {
  /** Kestra's output: the entry's name as written in the archive → the stored file's URI. */
  readonly files: Record<string, string> = {};
  private readonly byPath = new Map<string, string>();
  /** Entry path → the name its file is stored under. */
  private readonly nameOf = new Map<string, string>();
  private readonly storedFiles = new Set<string>();
  private readonly storedFolders = new Set<string>();
  private readonly budget: ByteBudget;
  private entries = 0;

  constructor(
    private readonly ctx: PluginContext,
    private readonly limits: ReadLimits,
  ) {
    this.budget = new ByteBudget(limits.maxSize, "the extracted files");
  }

  check(name: string): void {
    entryPath(name);
  }

  async add(entry: ArchiveEntry): Promise<void> {
    this.entries++;
    if (this.entries > this.limits.maxEntries)
      throw new Error(`the archive holds more than ${this.limits.maxEntries} entries (maxEntries): stopped`);
    const path = entryPath(entry.name);
    switch (entry.kind) {
      case "file":
        return this.store(entry, path);
      case "symlink":
      case "hard link":
        return this.link(entry, path);
      case "directory":
        return;
      case "other":
        this.ctx.log(`archive entry ${JSON.stringify(entry.name)} skipped: not a file, folder or link`, "WARN");
    }
  }

  get count(): number {
    return Object.keys(this.files).length;
  }

  /** Bytes stored (Kestra's `size` metric). */
  get size(): number {
    return this.budget.used;
  }

  private async store(entry: ArchiveEntry, path: string): Promise<void> {
    const name = this.freeName(storedName(path), path);
    const uri = await this.ctx.putFile(name, counted(entry.content, this.budget));
    this.files[entry.name] = uri;
    this.byPath.set(path, uri);
  }

  /** A link inside the archive reads as the file it leads to, once that file is stored. */
  private async link(entry: ArchiveEntry, path: string): Promise<void> {
    const target = entry.linkName ?? (await smallText(entry.content, MAX_LINK_BYTES, `the target of ${entry.name}`));
    const resolved = linkTarget(path, target, entry.kind === "symlink" ? "symlink" : "hard link");
    const uri = this.byPath.get(resolved);
    if (!uri) {
      this.ctx.log(
        `archive entry ${JSON.stringify(entry.name)} skipped: a link to ${resolved}, no file before it`,
        "WARN",
      );
      return;
    }
    this.files[entry.name] = uri;
    this.byPath.set(path, uri);
  }

  /**
   * `name`, or `name_2`… when another entry already took it (`a b` and `a_b`) or a file and a folder
   * would share it (`a` and `a/b`); the same path again replaces its file, as extracting does.
   */
  private freeName(name: string, path: string): string {
    const earlier = this.nameOf.get(path);
    if (earlier) return earlier;
    const taken = (candidate: string) =>
      this.storedFiles.has(candidate) ||
      this.storedFolders.has(candidate) ||
      parentsOf(candidate).some((p) => this.storedFiles.has(p));
    let candidate = name;
    for (let n = 2; taken(candidate); n++) candidate = withSuffix(name, n);
    this.nameOf.set(path, candidate);
    this.storedFiles.add(candidate);
    for (const folder of parentsOf(candidate)) this.storedFolders.add(folder);
    return candidate;
  }
}

function parentsOf(name: string): string[] {
  const segments = name.split("/");
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join("/"));
}

/** `dir/report.csv` → `dir/report_2.csv`. */
function withSuffix(name: string, n: number): string {
  const slash = name.lastIndexOf("/");
  const dot = name.lastIndexOf(".");
  return dot > slash + 1 ? `${name.slice(0, dot)}_${n}${name.slice(dot)}` : `${name}_${n}`;
}
