import type { PluginContext, PluginOutcome, StoredFlow } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { ValueError } from "../../values/values";
import { isGitFile, joinRepo, KESTRA_IGNORE, kestraIgnore, repoPath } from "./git-paths";
import type { GitRepo, TreeFile } from "./git-repo";
import { byGitPath, flag, type Props, putDiff, required, text, withRepo } from "./git-task";

// Kestra's SyncFlows and SyncFlow: flows of a branch saved in a namespace of this server, through
// the same checks as the editor's save (a refused flow names its file and line).

type SyncState = "ADDED" | "UPDATED" | "UNCHANGED" | "DELETED";

interface FlowRow {
  gitPath?: string;
  syncState: SyncState;
  flowId: string;
  namespace: string;
  revision: number;
}

const FLOW_FILE = /\.ya?ml$/i;
const key = (namespace: string, id: string) => `${namespace}\n${id}`;

/** Kestra's `^namespace: (.*)$`, first one only: the flow's namespace line rewritten. */
function withNamespace(source: string, namespace: string, pattern = /^namespace:[ \t]*.*$/m): string {
  return source.replace(pattern, `namespace: ${namespace}`).trimEnd();
}

/** io.kestra.plugin.git.SyncFlows → `flows`: the diff file. */
export async function syncFlows(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const target = required(props, "targetNamespace");
  const branch = text(props.branch) ?? "main";
  const gitDirectory = repoPath(props.gitDirectory ?? "_flows", "gitDirectory");
  const children = flag(props, "includeChildNamespaces", false);
  const remove = flag(props, "delete", false);
  const dryRun = flag(props, "dryRun", false);
  const ignoreInvalid = flag(props, "ignoreInvalidFlows", false);
  const failOnMissing = flag(props, "failOnMissingDirectory", true);
  // Out of reach fails here, before anything is cloned (Kestra's namespaceAccessGuard).
  const before = new Map((await ctx.flows.list(target, children)).map((f) => [key(f.namespace, f.id), f]));

  const rows = await withRepo(ctx, props, async (repo) => {
    await repo.clone(branch, false);
    const files = await directoryFiles(repo, gitDirectory, children, failOnMissing, branch);
    const after = new Map<string, FlowRow>();
    for (const file of files) {
      const gitPath = joinRepo(gitDirectory, file.path);
      const folders = file.path.split("/").slice(0, -1);
      const namespace = [target, ...folders].join(".");
      const source = withNamespace((await repo.read(file)).toString("utf8"), namespace);
      let saved: { namespace: string; id: string; revision: number };
      try {
        saved = dryRun ? simulated(await ctx.flows.validate(source), source, before) : await ctx.flows.save(source);
        if (saved.namespace !== namespace)
          throw new Error(`its namespace is ${saved.namespace}, not ${namespace}: write it as \`namespace: …\``);
      } catch (err) {
        const message = `Invalid flow imported from Git (${gitPath}): ${(err as Error).message}`;
        if (!ignoreInvalid) throw new ValueError(message);
        ctx.log(message, "WARN");
        continue;
      }
      const prior = before.get(key(saved.namespace, saved.id));
      const syncState: SyncState = !prior ? "ADDED" : prior.revision === saved.revision ? "UNCHANGED" : "UPDATED";
      after.set(key(saved.namespace, saved.id), {
        gitPath,
        syncState,
        flowId: saved.id,
        namespace: saved.namespace,
        revision: saved.revision,
      });
    }
    const deleted: FlowRow[] = [];
    if (remove) {
      for (const [k, flow] of before) {
        // The flow running this task is kept (Kestra's mustKeep).
        if (after.has(k) || (flow.namespace === ctx.execution.namespace && flow.id === ctx.execution.flowId)) continue;
        if (!dryRun) await ctx.flows.delete(flow.namespace, flow.id);
        deleted.push({ syncState: "DELETED", flowId: flow.id, namespace: flow.namespace, revision: flow.revision });
      }
    }
    return [...deleted, ...after.values()].sort(byGitPath);
  });
  ctx.log(summary(rows, dryRun));
  return { state: State.SUCCESS, outputs: { flows: await putDiff(ctx, rows) } };
}

/** A dry run's revision: the stored one when the source is the same, else the next (1 for a new flow). */
function simulated(
  flow: { namespace: string; id: string },
  source: string,
  before: Map<string, StoredFlow>,
): { namespace: string; id: string; revision: number } {
  const prior = before.get(key(flow.namespace, flow.id));
  if (!prior) return { ...flow, revision: 1 };
  return { ...flow, revision: prior.source.trimEnd() === source.trimEnd() ? prior.revision : prior.revision + 1 };
}

/** The flow files of `dir` in the branch, parents' before their children's (Kestra's order). */
async function directoryFiles(
  repo: GitRepo,
  dir: string,
  recursive: boolean,
  failOnMissing: boolean,
  branch: string,
): Promise<TreeFile[]> {
  const { found, files } = await repo.files(dir, true);
  if (found === "file")
    throw new ValueError(
      `The path '${dir}' exists but is a file, not a directory. Sync tasks require a directory to process files.`,
    );
  if (found === "none" && failOnMissing)
    throw new ValueError(
      `The directory '${dir}' was not found in the git repository. Verify if the path exists in the specified branch '${branch}'.`,
    );
  const ignoreFile = files.find((f) => f.path === KESTRA_IGNORE);
  const ignored = kestraIgnore(ignoreFile ? (await repo.read(ignoreFile)).toString("utf8") : undefined);
  return files
    .filter((f) => (recursive || !f.path.includes("/")) && FLOW_FILE.test(f.path))
    .filter((f) => !isGitFile(f.path) && !ignored(f.path))
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length || (a.path < b.path ? -1 : 1));
}

function summary(rows: readonly FlowRow[], dryRun: boolean): string {
  const count = (s: SyncState) => rows.filter((r) => r.syncState === s).length;
  return `${dryRun ? "Dry run: would sync" : "Synced"} flows: ${count("ADDED")} added, ${count("UPDATED")} updated, ${count("UNCHANGED")} unchanged, ${count("DELETED")} deleted`;
}

/** io.kestra.plugin.git.SyncFlow → `flowId`, `namespace`, `revision`. */
export async function syncFlow(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const namespace = required(props, "targetNamespace");
  const flowPath = repoPath(required(props, "flowPath"), "flowPath");
  const branch = text(props.branch) ?? "main";
  const dryRun = flag(props, "dryRun", false);
  return withRepo(ctx, props, async (repo) => {
    await repo.clone(branch, false);
    const { found, files } = await repo.files(flowPath, false);
    const file = found === "file" ? files[0] : undefined;
    if (!file) throw new ValueError(`Flow file not found at path: ${flowPath}`);
    // SyncFlow's own pattern: the first `namespace:` line, indented or not.
    const source = withNamespace((await repo.read(file)).toString("utf8"), namespace, /^[ \t]*namespace:[ \t]*.*$/m);
    try {
      if (dryRun) {
        const flow = await ctx.flows.validate(source);
        const prior = (await ctx.flows.list(flow.namespace, false)).find((f) => f.id === flow.id);
        const outputs = { flowId: flow.id, namespace: flow.namespace, revision: (prior?.revision ?? 0) + 1 };
        return { state: State.SUCCESS, outputs };
      }
      const saved = await ctx.flows.save(source);
      ctx.log(
        `Flow ${saved.namespace}.${saved.id} ${saved.changed ? `saved as revision ${saved.revision}` : "unchanged"}`,
      );
      return {
        state: State.SUCCESS,
        outputs: { flowId: saved.id, namespace: saved.namespace, revision: saved.revision },
      };
    } catch (err) {
      throw new ValueError(`Flow validation failed (${flowPath}): ${(err as Error).message}`);
    }
  });
}
