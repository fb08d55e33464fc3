import type { PluginContext } from "../../plugin-kit/plugin-task";
import { ionText } from "../../plugin-kit/ion-text";
import { toBool, ValueError } from "../../values/values";
import { type GitOptions, gitOptions } from "./git-options";
import { GitRepo } from "./git-repo";
import { gitTarget, redactUrl } from "./git-url";

// What the sync and push tasks share: their options read once, a clone of their branch in a
// temporary folder, and their diff file written as Kestra writes it (one Ion value per line).

export type Props = Record<string, unknown>;

export const text = (value: unknown): string | undefined =>
  value === undefined || value === null || String(value).trim() === "" ? undefined : String(value).trim();

export function required(props: Props, name: string): string {
  const value = text(props[name]);
  if (value === undefined) throw new ValueError(`${name} is required`);
  return value;
}

export const flag = (props: Props, name: string, fallback: boolean): boolean => toBool(props[name], name, fallback);

/** Runs `work` with the task's options over a temporary clone folder of the server, removed afterwards. */
export async function withRepo<T>(
  ctx: PluginContext,
  props: Props,
  work: (repo: GitRepo, options: GitOptions) => Promise<T>,
): Promise<T> {
  const options = gitOptions(props);
  if (options.cloneSubmodules) ctx.log("cloneSubmodules: the files of submodules are not synced or pushed", "WARN");
  const target = gitTarget(options.url);
  const address = target ? await ctx.connectTo(target.host, "git") : undefined;
  // Over http(s) git is told the address checked instead of looking the name up again (no rebinding
  // in between); over ssh the name is checked as it resolves now.
  const pinned =
    address && target?.port && target.scheme.startsWith("http")
      ? [`http.curloptResolve=${target.host}:${target.port}:${address.includes(":") ? `[${address}]` : address}`]
      : [];
  return GitRepo.with(options, ctx, (repo) => work(repo, options), pinned);
}

/** The diff rows as an Ion file of this task run; its URI. */
export function putDiff(ctx: PluginContext, rows: readonly object[]): Promise<string> {
  return ctx.putFile("diff.ion", Buffer.from(rows.map((r) => `${ionText(r)}\n`).join("")));
}

export const shownUrl = (options: GitOptions) => redactUrl(options.url);

/** Sorted as Kestra sorts its sync rows: by git path, those without one (deleted) first. */
export function byGitPath(a: { gitPath?: string }, b: { gitPath?: string }): number {
  if (a.gitPath === undefined) return b.gitPath === undefined ? 0 : -1;
  if (b.gitPath === undefined) return 1;
  return a.gitPath < b.gitPath ? -1 : a.gitPath > b.gitPath ? 1 : 0;
}
