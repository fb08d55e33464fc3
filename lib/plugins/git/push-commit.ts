import { writeFile } from "node:fs/promises";
import type { GitRepo } from "./git-repo";

// The push tasks' changes, made in the index only (the files never exist in the clone's folder),
// the diff Kestra reports of them, and the commit pushed to the branch.

/** Paths in the index under `dir` ("" for all). */
export async function indexedPaths(repo: GitRepo, dir: string): Promise<string[]> {
  const out = await repo.git(["ls-files", "-z", ...(dir ? ["--", dir] : [])]);
  return out.stdout
    .toString("utf8")
    .split("\0")
    .filter((p) => p !== "" && (!dir || p.startsWith(`${dir}/`)));
}

/** Puts `write` (path → its content, read one at a time) and takes `remove` out of the index. */
export async function stage(
  repo: GitRepo,
  write: Map<string, () => Promise<Buffer>>,
  remove: readonly string[],
): Promise<void> {
  const paths = [...write.keys()];
  const blobs: string[] = [];
  if (paths.length) {
    // The contents as files of the task's own folder, named by number: hashed in one command.
    const files = paths.map((_, i) => repo.scratch(String(i)));
    for (const [i, path] of paths.entries()) await writeFile(files[i], await write.get(path)!());
    const out = await repo.git(["hash-object", "-w", "--no-filters", "--stdin-paths"], { input: files.join("\n") });
    blobs.push(...out.stdout.toString("utf8").trim().split("\n"));
  }
  const records = [
    ...remove.map((p) => `0 ${"0".repeat(40)}\t${p}\0`),
    ...paths.map((p, i) => `100644 ${blobs[i]}\t${p}\0`),
  ];
  if (records.length) await repo.git(["update-index", "-z", "--index-info"], { input: records.join("") });
}

export interface DiffRow {
  changes: string;
  file: string;
  deletions: string;
  additions: string;
}

/**
 * Kestra's diff of a push, one row per file of the staged changes: per edit (a hunk without context)
 * lines added beyond those removed count as additions, the reverse as deletions, equal as changes.
 */
export async function stagedDiff(repo: GitRepo): Promise<DiffRow[]> {
  const base = ["diff", "--cached", "--no-renames", "--no-ext-diff", "--no-color"];
  const names = (await repo.git([...base, "--name-only", "-z"])).stdout
    .toString("utf8")
    .split("\0")
    .filter((p) => p !== "");
  const patch = (await repo.git([...base, "-U0", "--text"])).stdout.toString("utf8");
  // One section per file, in the same order as the names.
  const sections = patch.split(/^diff --git /m).slice(1);
  return names
    .map((file, i) => {
      let additions = 0;
      let deletions = 0;
      let changes = 0;
      const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/gm;
      for (let m = hunk.exec(sections[i] ?? ""); m; m = hunk.exec(sections[i] ?? "")) {
        const before = Number(m[1] ?? 1);
        const after = Number(m[2] ?? 1);
        if (after > before) additions += after - before;
        else if (after < before) deletions += before - after;
        else changes += after;
      }
      return { changes: String(changes), file, deletions: `-${deletions}`, additions: `+${additions}` };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface Author {
  name?: string;
  email?: string;
}

/**
 * Commits the index and pushes it to `branch`; null when nothing changed. Kestra's author: `authorName`
 * (else `username`) with `authorEmail`, both or neither (then Osprey's own).
 */
export async function commitAndPush(
  repo: GitRepo,
  branch: string,
  message: string,
  author: Author,
): Promise<string | null> {
  const staged = await repo.git(["diff", "--cached", "--quiet"], { okCodes: [1] });
  if (staged.code === 0) return null;
  const env: Record<string, string> =
    author.name && author.email
      ? {
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: author.name,
          GIT_COMMITTER_EMAIL: author.email,
        }
      : {};
  await repo.git(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-F", "-"], { input: message, env });
  const id = (await repo.git(["rev-parse", "HEAD"])).stdout.toString("utf8").trim();
  await repo.git(["push", "--quiet", "--porcelain", "origin", `HEAD:refs/heads/${branch}`]);
  return id;
}
