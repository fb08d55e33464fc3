import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZNumber, ZStringList, ZStringMap } from "../../plugin-kit/props";
import { gitUrlProblem } from "./git-url";

// Kestra's plugin-git (io.kestra.plugin.git): property names and defaults from its AbstractGitTask,
// AbstractCloningTask, AbstractSyncTask, AbstractPushTask and the tasks themselves. Clone runs in a
// container (lib/flow/task-types/git-clone.ts, so a WorkingDirectory's next tasks see the files);
// the sync and push tasks run in the server with the `git` binary, acting on this server's flows
// and namespace files through the plugin port.

const PKG = "io.kestra.plugin.git";
export const GIT_CLONE = `${PKG}.Clone`;
export const SYNC_FLOWS = `${PKG}.SyncFlows`;
export const SYNC_FLOW = `${PKG}.SyncFlow`;
export const SYNC_NAMESPACE_FILES = `${PKG}.SyncNamespaceFiles`;
export const PUSH_FLOWS = `${PKG}.PushFlows`;
export const PUSH_NAMESPACE_FILES = `${PKG}.PushNamespaceFiles`;

/** A URL written in the flow is checked when it is saved; an expression is checked once rendered. */
const ZGitUrl = z
  .string()
  .superRefine((url, check) => {
    const problem = url.includes("{{") ? null : gitUrlProblem(url);
    if (problem) check.addIssue({ code: "custom", message: problem });
  })
  .describe("The repository: `https://…`, `ssh://…`, `git://…` or `user@host:path`. No local paths, no `ext::`.");

const ZKestraAuth = z
  .object({
    apiToken: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    auto: ZBool.optional(),
  })
  .strict();

/** AbstractGitTask and AbstractCloningTask: how to reach the repository. */
export const connectionShape = {
  url: ZGitUrl,
  username: z
    .string()
    .optional()
    .describe("For HTTP basic authentication; also the commit author when no `authorName`."),
  password: z.string().optional().describe("Password or personal access token; keep it in a secret."),
  privateKey: z
    .string()
    .optional()
    .describe("A PEM or OpenSSH private key (its text) for an SSH URL; keep it in a secret."),
  passphrase: z.string().optional().describe("The passphrase of `privateKey`."),
  trustedCaPemPath: z
    .string()
    .optional()
    .describe("A PEM bundle of CAs to trust over HTTPS (git's http.sslCAInfo), as a path where git runs."),
  noProxy: ZBool.optional().describe("Connect directly even when a proxy is configured. Default false."),
  connectTimeout: ZNumber.optional().describe("Milliseconds to connect over SSH. Default 10000."),
  readTimeout: ZNumber.optional().describe(
    "Milliseconds without data after which a transfer is abandoned (git's http.lowSpeedTime). Default 60000.",
  ),
  gitConfig: ZStringMap.optional().describe(
    "Git configuration applied to the clone, e.g. `core.autocrlf: false`. In the server's tasks only harmless keys are accepted.",
  ),
  cloneSubmodules: ZBool.optional().describe("Also clone the submodules. Default false."),
  kestraUrl: z.string().optional().describe("Accepted for Kestra's flows: Osprey's git tasks act on this server."),
  auth: ZKestraAuth.optional().describe("Accepted for Kestra's flows: Osprey's git tasks act on this server."),
};

/** Clone's own properties (its container options are added by its definition). */
export const cloneShape = {
  ...connectionShape,
  directory: z
    .string()
    .optional()
    .describe("A folder of the working directory to clone into. Default the working directory itself."),
  branch: z.string().optional().describe("The branch to check out, when no `commit` or `tag` is given."),
  depth: ZNumber.optional().describe(
    "How many commits to fetch (a shallow clone). Default 1; ignored with `commit` or `tag`.",
  ),
  commit: z.string().optional().describe("A commit to check out (detached HEAD); the whole history is fetched."),
  tag: z.string().optional().describe("A tag to check out (detached HEAD); the whole history is fetched."),
  cloneAllBranches: ZBool.optional().describe("Fetch every branch. Default true; false needs `branch`."),
  noTags: ZBool.optional().describe("Fetch no tags. Default false."),
};

const ZGlobs = z.union([z.string(), ZStringList]);

const syncShape = {
  dryRun: ZBool.optional().describe("Only write the diff file; change nothing. Default false."),
  failOnMissingDirectory: ZBool.optional().describe(
    "Fail when `gitDirectory` is not in the branch. Default true; false syncs nothing from it.",
  ),
};

const pushShape = {
  commitMessage: z.string().optional(),
  dryRun: ZBool.optional().describe("Only write the diff file; commit and push nothing. Default false."),
  authorEmail: z.string().optional().describe("The commit's author email."),
  authorName: z.string().optional().describe("The commit's author name. Default `username`."),
  delete: ZBool.optional().describe("Remove from the branch the files that no longer exist here. Default true."),
};

export const GIT_SCHEMAS: PluginTaskSchema[] = [
  {
    type: SYNC_FLOWS,
    aliases: [],
    title: "Sync flows from Git",
    description:
      "Saves the flows of a Git branch's `gitDirectory` into `targetNamespace` (subfolders into its child namespaces with `includeChildNamespaces`), each checked as the editor checks it; `delete` removes the flows missing from Git. Output `flows`: the diff file (ION).",
    shape: {
      ...connectionShape,
      ...syncShape,
      branch: z.string().optional().describe("Default `main`."),
      targetNamespace: z
        .string()
        .min(1)
        .describe("The namespace the flows are saved in (their `namespace` is rewritten)."),
      gitDirectory: z.string().optional().describe("The folder of the flows in the repository. Default `_flows`."),
      includeChildNamespaces: ZBool.optional().describe(
        "Sync subfolders into child namespaces (`a/b/f.yml` → `<target>.a.b`). Default false.",
      ),
      delete: ZBool.optional().describe("Delete the flows of the namespace(s) that are not in Git. Default false."),
      ignoreInvalidFlows: ZBool.optional().describe(
        "Skip an invalid flow with a warning instead of failing. Default false.",
      ),
    },
  },
  {
    type: SYNC_FLOW,
    aliases: [],
    title: "Sync one flow from Git",
    description:
      "Saves one flow file of a Git branch into `targetNamespace` (its `namespace` rewritten). Outputs `flowId`, `namespace`, `revision`.",
    shape: {
      ...connectionShape,
      branch: z.string().optional().describe("Default `main`."),
      targetNamespace: z.string().min(1),
      flowPath: z.string().min(1).describe("The flow's YAML file, relative to the repository's root."),
      dryRun: ZBool.optional().describe("Only check the flow; save nothing. Default false."),
    },
  },
  {
    type: SYNC_NAMESPACE_FILES,
    aliases: [],
    title: "Sync namespace files from Git",
    description:
      "Writes the files of a Git branch's `gitDirectory` as the namespace files of `namespace` (honouring `.kestraignore`); `delete` removes the files missing from Git. Output `files`: the diff file (ION).",
    shape: {
      ...connectionShape,
      ...syncShape,
      branch: z.string().optional().describe("Default `main`."),
      namespace: z.string().optional().describe("Default the flow's namespace."),
      gitDirectory: z.string().optional().describe("The folder of the files in the repository. Default `_files`."),
      delete: ZBool.optional().describe("Delete the namespace files that are not in Git. Default false."),
    },
  },
  {
    type: PUSH_FLOWS,
    aliases: [],
    title: "Push flows to Git",
    description:
      "Commits the flows of `sourceNamespace` (and its children with `includeChildNamespaces`) to `gitDirectory` of a branch (created when missing) and pushes it. Outputs `commitId`, `commitURL` and `flows`: the diff file (ION).",
    shape: {
      ...connectionShape,
      ...pushShape,
      branch: z.string().optional().describe("Default `main`; created when missing."),
      gitDirectory: z.string().optional().describe("Default `_flows`."),
      sourceNamespace: z.string().optional().describe("Default the flow's namespace."),
      targetNamespace: z
        .string()
        .optional()
        .describe("Rewrite `namespace: <sourceNamespace>` to this in the pushed files."),
      flows: ZGlobs.optional().describe("Globs of flow ids to push. Default all."),
      includeChildNamespaces: ZBool.optional().describe(
        "Also push the child namespaces' flows, in subfolders. Default false.",
      ),
    },
  },
  {
    type: PUSH_NAMESPACE_FILES,
    aliases: [],
    title: "Push namespace files to Git",
    description:
      "Commits the namespace files of `namespace` (those `files` matches) to `gitDirectory` of a branch (created when missing) and pushes it. Outputs `commitId`, `commitURL` and `files`: the diff file (ION).",
    shape: {
      ...connectionShape,
      ...pushShape,
      branch: z.string().optional().describe("Default `main`; created when missing."),
      gitDirectory: z.string().optional().describe("Default `_files`."),
      namespace: z.string().optional().describe("Default the flow's namespace."),
      files: ZGlobs.optional().describe("Globs of the files to push, e.g. `scripts/**`. Default all."),
      errorOnMissing: ZBool.optional().describe("Fail when no file matches. Default false."),
    },
  },
];
