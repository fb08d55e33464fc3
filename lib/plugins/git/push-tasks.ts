import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { ValueError } from "../../values/values";
import { fileMatcher, globList, idMatcher, joinRepo, KESTRA_IGNORE, kestraIgnore, repoPath } from "./git-paths";
import { type Props, flag, putDiff, text, withRepo } from "./git-task";
import { commitUrlOf, httpUrlOf } from "./git-url";
import { commitAndPush, stage, stagedDiff } from "./push-commit";

// Kestra's PushFlows and PushNamespaceFiles: this server's flows or namespace files committed to a
// folder of a branch (created when missing) and pushed. The commit is made from the index alone.

interface PushPlan {
  /** What the folder holds after the push: path in it → its content, read when staged. */
  content: Map<string, () => Promise<Buffer>>;
  /** Whether a file already in the folder is one of those this push manages (removed once gone here). */
  owns: (rel: string) => boolean;
}

interface PushKind {
  gitDirectory: string;
  message: string;
  /** The output the diff file is under: `flows` or `files`. */
  output: string;
}

async function push(ctx: PluginContext, props: Props, kind: PushKind, plan: PushPlan): Promise<PluginOutcome> {
  const branch = text(props.branch) ?? "main";
  const gitDirectory = repoPath(props.gitDirectory ?? kind.gitDirectory, "gitDirectory");
  const remove = flag(props, "delete", true);
  const dryRun = flag(props, "dryRun", false);
  const message = text(props.commitMessage) ?? kind.message;
  const author = { name: text(props.authorName) ?? text(props.username), email: text(props.authorEmail) };
  return withRepo(ctx, props, async (repo, options) => {
    await repo.clone(branch, true);
    const { files: present } = await repo.files(gitDirectory, true);
    const ignoreFile = present.find((f) => f.path === KESTRA_IGNORE);
    const ignored = kestraIgnore(ignoreFile ? (await repo.read(ignoreFile)).toString("utf8") : undefined);
    const write = new Map(
      [...plan.content]
        .filter(([rel]) => rel === KESTRA_IGNORE || !ignored(rel))
        .map(([rel, content]) => [joinRepo(gitDirectory, rel), content]),
    );
    if (write.size === 0) {
      ctx.log("No content to push - skipping Git operations.");
      return { state: State.SUCCESS, outputs: {} };
    }
    const gone = remove
      ? present
          .map((f) => f.path)
          .filter((rel) => rel !== KESTRA_IGNORE && !ignored(rel) && !plan.content.has(rel) && plan.owns(rel))
          .map((rel) => joinRepo(gitDirectory, rel))
      : [];
    await stage(repo, write, gone);
    const rows = await stagedDiff(repo);
    const httpUrl = httpUrlOf(options.url);
    const outputs: Record<string, unknown> = {};
    if (dryRun) {
      ctx.log(
        `Dry run — no changes will be pushed to ${httpUrl} for now until you set the \`dryRun\` parameter to false`,
      );
    } else {
      ctx.log(`Pushing to ${httpUrl} on branch ${branch}`);
      const commitId = await commitAndPush(repo, branch, message, author);
      if (commitId) {
        outputs.commitId = commitId;
        outputs.commitURL = commitUrlOf(httpUrl, branch, commitId);
        ctx.log(`Pushed to ${outputs.commitURL}`);
      } else ctx.log("No changes to commit. Skipping push.");
    }
    outputs[kind.output] = await putDiff(ctx, rows);
    return { state: State.SUCCESS, outputs };
  });
}

const FLOW_FILE = /\.ya?ml$/i;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** io.kestra.plugin.git.PushFlows → `commitId`, `commitURL`, `flows`: the diff file. */
export async function pushFlows(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const source = text(props.sourceNamespace) ?? ctx.execution.namespace;
  const target = text(props.targetNamespace) ?? source;
  const children = flag(props, "includeChildNamespaces", false);
  const wanted = idMatcher(globList(props.flows, "flows"));
  const flows = (await ctx.flows.list(source, children)).filter((f) => wanted(f.id));
  const content = new Map(
    flows.map((f) => {
      const below =
        f.namespace.length > source.length ? `${f.namespace.slice(source.length + 1).replace(/\./g, "/")}/` : "";
      // Kestra's rewrite: no stored revision, and `namespace: <source>` lines (any indent) to the target.
      const yaml = f.source
        .replace(/^revision:\s*\d+\n?/gm, "")
        .replace(
          new RegExp(`^(\\s*namespace:\\s*)${escapeRegExp(source)}`, "gm"),
          (_, lead: string) => `${lead}${target}`,
        );
      return [`${below}${f.id}.yml`, async () => Buffer.from(yaml)];
    }),
  );
  const owns = (rel: string) => {
    const name = rel.split("/").pop() ?? rel;
    return (
      FLOW_FILE.test(rel) && (children || !rel.includes("/")) && [rel, name, name.replace(/\.[^.]*$/, "")].some(wanted)
    );
  };
  const kind = { gitDirectory: "_flows", message: `Add flows from ${source} namespace`, output: "flows" };
  return push(ctx, props, kind, { content, owns });
}

/** io.kestra.plugin.git.PushNamespaceFiles → `commitId`, `commitURL`, `files`: the diff file. */
export async function pushNamespaceFiles(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const namespace = text(props.namespace) ?? ctx.execution.namespace;
  const matches = fileMatcher(globList(props.files, "files"));
  const files = await ctx.namespaceFiles(namespace);
  const paths = (await files.list()).filter(matches);
  if (paths.length === 0 && flag(props, "errorOnMissing", false))
    throw new ValueError("No Namespace Files matched the provided 'files' parameter to commit.");
  const content = new Map(paths.map((path) => [path, () => files.read(path)]));
  const kind = { gitDirectory: "_files", message: `Add files from ${namespace} namespace`, output: "files" };
  return push(ctx, props, kind, { content, owns: matches });
}
