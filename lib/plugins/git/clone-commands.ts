import { toBool, toNumber, ValueError } from "../../values/values";
import { GIT_ALLOW_PROTOCOL, redactUrl } from "./git-url";
import { type GitOptions, gitOptions } from "./git-options";

// Kestra's Clone as shell commands for a container of Osprey's shell image: the rendered properties
// become environment variables and a script, so no value is ever part of a command line. Credentials
// reach git through an askpass script written to a private temporary folder that reads them from the
// environment; nothing of them is written to the working directory the next tasks share.

type Props = Record<string, unknown>;

export interface CloneScript {
  commands: string[];
  env: Record<string, string>;
}

const ASKPASS = [
  `cat > "$osprey_tmp/askpass" <<'OSPREY_ASKPASS'`,
  "#!/bin/sh",
  'case "$1" in',
  `  Username*) printf '%s\\n' "$OSPREY_GIT_USERNAME" ;;`,
  `  Password*) printf '%s\\n' "$OSPREY_GIT_PASSWORD" ;;`,
  `  *assphrase*) printf '%s\\n' "$OSPREY_GIT_PASSPHRASE" ;;`,
  "  *) exit 1 ;;",
  "esac",
  "OSPREY_ASKPASS",
  'chmod 700 "$osprey_tmp/askpass"',
].join("\n");

/** The commands and environment that clone as Kestra's Clone does, its `directory` output printed last. */
export function cloneScript(props: Props): CloneScript {
  const options = gitOptions(props);
  const branch = text(props.branch);
  const commit = text(props.commit);
  const tag = commit ? undefined : text(props.tag);
  const cloneAll = toBool(props.cloneAllBranches, "cloneAllBranches", true);
  const noTags = toBool(props.noTags, "noTags", false);
  if (!cloneAll && !branch)
    throw new ValueError("Invalid clone configuration: when `cloneAllBranches` is false, `branch` must be set.");
  if (text(props.tag) && noTags)
    throw new ValueError("Invalid clone configuration: `tag` cannot be used with `noTags: true`.");
  const depth = toNumber(props.depth, "depth") ?? 1;
  if (!Number.isInteger(depth) || depth < 1) throw new ValueError("depth must be a whole number of at least 1");
  const dir = workingDirPath(props.directory);

  // A commit or a tag needs the history: no shallow clone then, as in Kestra.
  const shallow = !commit && !tag;
  const cloneOptions = [
    ...(shallow && branch ? ['--branch "$OSPREY_GIT_BRANCH"'] : []),
    ...(shallow ? [`--depth ${depth}`] : []),
    ...(cloneAll ? (shallow ? ["--no-single-branch"] : []) : ["--single-branch"]),
    ...(noTags ? ["--no-tags"] : []),
  ].join(" ");
  const git = `git ${transportOptions(options)}`;
  const shown = redactUrl(options.url);
  const commands = [
    'osprey_tmp="$(mktemp -d)"',
    `trap 'rm -rf "$osprey_tmp"' EXIT`,
    ...credentialCommands(options),
    `osprey_dir=${shellQuote(dir)}`,
    `printf '%s\\n' ${shellQuote(`Start cloning from '${shown}'`)}`,
    'if [ -e "$osprey_dir/.git" ]; then',
    `  printf '%s\\n' ${shellQuote(`directory '${dir}' already holds a git repository`)} >&2`,
    "  exit 1",
    "fi",
    // Kestra clones into a folder that already has files (a WorkingDirectory's inputFiles) too.
    'if [ -d "$osprey_dir" ] && [ -n "$(ls -A -- "$osprey_dir")" ]; then',
    `  printf '%s\\n' ${shellQuote(`Target directory '${dir}' is not empty: its files stay beside the clone`)}`,
    `  ${git} clone -q --no-checkout ${cloneOptions} -- "$OSPREY_GIT_URL" "$osprey_tmp/repo"`,
    '  mv "$osprey_tmp/repo/.git" "$osprey_dir/.git"',
    '  git -C "$osprey_dir" reset -q --hard',
    ...(options.cloneSubmodules ? [`  ${git} -C "$osprey_dir" submodule -q update --init --recursive`] : []),
    "else",
    `  ${git} clone -q ${cloneOptions}${options.cloneSubmodules ? " --recurse-submodules" : ""} -- "$OSPREY_GIT_URL" "$osprey_dir"`,
    "fi",
    ...checkoutCommands(commit, tag),
    ...options.config.flatMap(({ key, values }) => [
      `git -C "$osprey_dir" config --unset-all ${shellQuote(key)} || :`,
      ...(values ?? []).map((v) => `git -C "$osprey_dir" config --add ${shellQuote(key)} ${shellQuote(v)}`),
    ]),
    `printf '%s\\n' ${shellQuote(`Cloned '${shown}' into '${dir}'`)}`,
    // Kestra's output: the clone's absolute path.
    `printf '::{"outputs":{"directory":"%s%s"}}::\\n' "$WORKING_DIR" ${shellQuote(dir === "." ? "" : `/${JSON.stringify(dir).slice(1, -1)}`)}`,
  ];
  return { commands, env: cloneEnv(options, { branch, commit, tag }) };
}

function checkoutCommands(commit: string | undefined, tag: string | undefined): string[] {
  const checkout = 'git -C "$osprey_dir" -c advice.detachedHead=false checkout -q --detach';
  const head = 'git -C "$osprey_dir" rev-parse HEAD';
  if (commit) return [`${checkout} "$OSPREY_GIT_COMMIT"`, `echo "Checked out commit $(${head}) (detached HEAD)"`];
  if (tag)
    return [`${checkout} "refs/tags/$OSPREY_GIT_TAG"`, `echo "Checked out tag $OSPREY_GIT_TAG at commit $(${head})"`];
  return [];
}

/** The askpass script when there is something to answer, and ssh's options. */
function credentialCommands(options: GitOptions): string[] {
  const asks = options.username || options.password || options.passphrase;
  const key = options.privateKey ? [`(umask 077 && printf '%s\\n' "$OSPREY_GIT_PRIVATE_KEY" > "$osprey_tmp/key")`] : [];
  const ssh = [
    "ssh",
    ...(options.privateKey ? ["-i $osprey_tmp/key", "-o IdentitiesOnly=yes"] : []),
    // Kestra's SSH transport does not check host keys either.
    "-o StrictHostKeyChecking=no",
    "-o UserKnownHostsFile=/dev/null",
    "-o LogLevel=ERROR",
    `-o ConnectTimeout=${options.connectTimeoutSeconds}`,
  ].join(" ");
  return [
    ...(asks
      ? [
          ASKPASS,
          'export GIT_ASKPASS="$osprey_tmp/askpass" SSH_ASKPASS="$osprey_tmp/askpass" SSH_ASKPASS_REQUIRE=force',
        ]
      : []),
    ...key,
    `export GIT_SSH_COMMAND="${ssh}"`,
  ];
}

/** `-c` options of every command that talks to the remote. */
export function transportOptions(options: GitOptions): string {
  return [
    "-c http.lowSpeedLimit=1",
    `-c http.lowSpeedTime=${options.readTimeoutSeconds}`,
    ...(options.noProxy ? ["-c http.proxy="] : []),
  ].join(" ");
}

function cloneEnv(
  options: GitOptions,
  refs: { branch?: string; commit?: string; tag?: string },
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    OSPREY_GIT_URL: options.url,
    OSPREY_GIT_BRANCH: refs.branch,
    OSPREY_GIT_COMMIT: refs.commit,
    OSPREY_GIT_TAG: refs.tag,
    OSPREY_GIT_USERNAME: options.username,
    OSPREY_GIT_PASSWORD: options.password,
    OSPREY_GIT_PASSPHRASE: options.passphrase,
    OSPREY_GIT_PRIVATE_KEY: options.privateKey,
    GIT_SSL_CAINFO: options.caPemPath,
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL,
    ...(options.noProxy ? { NO_PROXY: "*", no_proxy: "*" } : {}),
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Kestra's WorkingDir.resolve: a relative folder that stays inside the working directory, "." for itself. */
export function workingDirPath(value: unknown): string {
  const given = text(value);
  if (!given) return ".";
  if (given.startsWith("/"))
    throw new ValueError(`directory "${given}" must be a relative path inside the working directory`);
  const parts: string[] = [];
  for (const part of given.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0)
        throw new ValueError(`directory "${given}" must be a relative path inside the working directory`);
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join("/") : ".";
}

function text(value: unknown): string | undefined {
  return value === undefined || value === null || String(value).trim() === "" ? undefined : String(value).trim();
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
