import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { ValueError } from "../../values/values";
import { isGitFile, joinRepo, KESTRA_IGNORE, kestraIgnore, repoPath } from "./git-paths";
import { byGitPath, flag, type Props, putDiff, text, withRepo } from "./git-task";

// Kestra's SyncNamespaceFiles: the files of a branch's folder written as a namespace's files.

type SyncState = "ADDED" | "OVERWRITTEN" | "UNCHANGED" | "DELETED";

interface FileRow {
  gitPath?: string;
  syncState: SyncState;
  kestraPath: string;
}

/** io.kestra.plugin.git.SyncNamespaceFiles → `files`: the diff file. */
export async function syncNamespaceFiles(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const namespace = text(props.namespace) ?? ctx.execution.namespace;
  const branch = text(props.branch) ?? "main";
  const gitDirectory = repoPath(props.gitDirectory ?? "_files", "gitDirectory");
  const remove = flag(props, "delete", false);
  const dryRun = flag(props, "dryRun", false);
  const failOnMissing = flag(props, "failOnMissingDirectory", true);
  // Out of reach fails here, before anything is cloned.
  const files = await ctx.namespaceFiles(namespace);
  const existing = new Set(await files.list());

  const rows = await withRepo(ctx, props, async (repo) => {
    await repo.clone(branch, false);
    const { found, files: tree } = await repo.files(gitDirectory, true);
    if (found === "file")
      throw new ValueError(
        `The path '${gitDirectory}' exists but is a file, not a directory. Sync tasks require a directory to process files.`,
      );
    if (found === "none" && failOnMissing)
      throw new ValueError(
        `The directory '${gitDirectory}' was not found in the git repository. Verify if the path exists in the specified branch '${branch}'.`,
      );
    const ignoreFile = tree.find((f) => f.path === KESTRA_IGNORE);
    const ignored = kestraIgnore(ignoreFile ? (await repo.read(ignoreFile)).toString("utf8") : undefined);
    const rows: FileRow[] = [];
    const inGit = new Set<string>();
    for (const file of tree) {
      if (isGitFile(file.path) || ignored(file.path)) continue;
      inGit.add(file.path);
      const content = await repo.read(file);
      const had = existing.has(file.path);
      const same = had && (await files.read(file.path)).equals(content);
      if (!same && !dryRun) await files.write(file.path, content);
      rows.push({
        gitPath: joinRepo(gitDirectory, file.path),
        syncState: same ? "UNCHANGED" : had ? "OVERWRITTEN" : "ADDED",
        kestraPath: `/${file.path}`,
      });
    }
    if (remove)
      for (const path of existing) {
        if (inGit.has(path)) continue;
        if (!dryRun) await files.delete(path);
        rows.push({ syncState: "DELETED", kestraPath: `/${path}` });
      }
    return rows.sort(byGitPath);
  });
  const count = (s: SyncState) => rows.filter((r) => r.syncState === s).length;
  ctx.log(
    `${dryRun ? "Dry run: would sync" : "Synced"} the files of ${namespace}: ${count("ADDED")} added, ${count("OVERWRITTEN")} overwritten, ${count("UNCHANGED")} unchanged, ${count("DELETED")} deleted`,
  );
  return { state: State.SUCCESS, outputs: { files: await putDiff(ctx, rows) } };
}
