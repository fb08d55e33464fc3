import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogLevel } from "../../plugin-kit/plugin-task";
import { ValueError } from "../../values/values";
import type { GitOptions } from "./git-options";
import { type GitCall, GitCommandError, type GitResult, runGit } from "./git-process";
import { GIT_ALLOW_PROTOCOL, redactUrl } from "./git-url";

// A repository's branch in a temporary folder of the server, for the sync and push tasks. Nothing
// of the repository is ever checked out as files: the tasks read blobs and write the index, so a
// symlink or a crafted path in the repository cannot reach the server's own files. The host's git
// configuration is not read (a credential helper, an `insteadOf`, a hook there does not apply).

/** Where git is looked up: the server's environment is not passed on (it holds its secrets). */
const PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin:/opt/homebrew/bin";
const COMMAND_TIMEOUT_MS = 15 * 60_000;
/** Largest file read from a repository (a namespace file is at most OSPREY_MAX_NAMESPACE_FILE_BYTES anyway). */
const MAX_BLOB_BYTES = 256 * 1024 ** 2;
/** Commands run before the clone exists. */
const BESIDE_THE_CLONE = new Set(["clone", "ls-remote", "check-ref-format"]);
const ASKPASS = `#!/bin/sh
case "$1" in
  Username*) printf '%s\\n' "$OSPREY_GIT_USERNAME" ;;
  Password*) printf '%s\\n' "$OSPREY_GIT_PASSWORD" ;;
  *assphrase*) printf '%s\\n' "$OSPREY_GIT_PASSPHRASE" ;;
  *) exit 1 ;;
esac
`;

/** The `gitConfig` keys a task may set in the server (the rest could run commands there). */
const SERVER_CONFIG_KEYS = new Set([
  "core.autocrlf",
  "core.eol",
  "core.safecrlf",
  "core.filemode",
  "core.ignorecase",
  "core.quotepath",
  "core.compression",
  "http.postbuffer",
  "http.lowspeedlimit",
  "http.lowspeedtime",
  "http.sslverify",
  "http.version",
  "i18n.commitencoding",
  "user.name",
  "user.email",
]);

export interface TreeFile {
  path: string;
  blob: string;
  size: number;
}

interface Port {
  signal: AbortSignal;
  log(message: string, level?: LogLevel): void;
}

export class GitRepo {
  /** The clone (its `.git` only). */
  readonly dir: string;
  /** HEAD's commit; null on a branch with no commit yet. */
  head: string | null = null;

  private constructor(
    private readonly root: string,
    private readonly options: GitOptions,
    private readonly port: Port,
    private readonly env: Record<string, string>,
    private readonly config: string[],
  ) {
    this.dir = join(root, "repo");
  }

  /** Runs `work` over a fresh temporary folder, removed afterwards whatever happens. */
  static async with<T>(
    options: GitOptions,
    port: Port,
    work: (repo: GitRepo) => Promise<T>,
    serverConfig: readonly string[] = [],
  ): Promise<T> {
    for (const { key } of options.config)
      if (!SERVER_CONFIG_KEYS.has(key.toLowerCase()))
        throw new ValueError(
          `gitConfig key "${key}" is not allowed in a task that runs in the server (allowed: ${[...SERVER_CONFIG_KEYS].join(", ")})`,
        );
    const root = await mkdtemp(join(tmpdir(), "osprey-git-"));
    try {
      await mkdir(join(root, "home"));
      await mkdir(join(root, "scratch"));
      const env = await credentialEnv(root, options);
      const config = [
        "core.hooksPath=/dev/null",
        "core.fsmonitor=false",
        "core.symlinks=false",
        "credential.helper=",
        "submodule.recurse=false",
        "init.defaultBranch=main",
        // The committer when the task names no author (the server's own identity is never used).
        "user.name=Osprey",
        "user.email=osprey@localhost",
        "http.lowSpeedLimit=1",
        `http.lowSpeedTime=${options.readTimeoutSeconds}`,
        ...(options.noProxy ? ["http.proxy="] : []),
        ...(options.caPemPath ? [`http.sslCAInfo=${options.caPemPath}`] : []),
        ...options.config.flatMap(({ key, values }) => (values ?? []).map((v) => `${key}=${v}`)),
        ...serverConfig,
      ];
      return await work(new GitRepo(root, options, port, env, config));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }

  /** One git command in the clone (or beside it, before it exists); `env` added to the fixed one. */
  git(
    args: string[],
    call: Partial<Pick<GitCall, "input" | "okCodes" | "maxOutputBytes" | "env">> = {},
  ): Promise<GitResult> {
    return runGit([...this.config.flatMap((c) => ["-c", c]), ...args], {
      ...call,
      cwd: BESIDE_THE_CLONE.has(args[0]) ? this.root : this.dir,
      env: { ...this.env, ...call.env },
      signal: this.port.signal,
      timeoutMs: COMMAND_TIMEOUT_MS,
      redact: (text) => this.redact(text),
    });
  }

  /** A path in the task's temporary folder, outside the clone. */
  scratch(name: string): string {
    return join(this.root, "scratch", name);
  }

  /** Secrets out of a text git printed: the credentials, and a user part of a URL. */
  redact(text: string): string {
    let out = text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s]*@/g, "$1***@");
    for (const secret of [this.options.password, this.options.passphrase])
      if (secret && secret.length >= 3) out = out.split(secret).join("***");
    return out;
  }

  /**
   * A shallow clone of `branch` (only `.git`: no files checked out), its tree in the index. A missing
   * branch fails, or with `create` starts from the default branch (or from nothing, in an empty repository).
   */
  async clone(branch: string, create: boolean): Promise<void> {
    await checkBranchName(this, branch);
    const url = this.options.url;
    const shown = redactUrl(url);
    const heads = await this.git(["ls-remote", "--heads", "--", url, `refs/heads/${branch}`]);
    const exists = heads.stdout.toString("utf8").trim() !== "";
    if (!exists && !create) throw new GitCommandError(`branch ${branch} not found in ${shown}`);
    this.port.log(`Cloning branch ${branch} of ${shown}`);
    const single = exists ? ["--single-branch", `--branch=${branch}`] : [];
    await this.git(["clone", "--quiet", "--no-checkout", "--no-tags", "--depth=1", ...single, "--", url, this.dir]);
    const head = await this.git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { okCodes: [1] });
    this.head = head.code === 0 ? head.stdout.toString("utf8").trim() : null;
    if (!exists) {
      this.port.log(`Branch ${branch} does not exist, creating it`);
      if (this.head) await this.git(["update-ref", `refs/heads/${branch}`, this.head]);
      await this.git(["symbolic-ref", "HEAD", `refs/heads/${branch}`]);
    }
    if (this.head) await this.git(["read-tree", this.head]);
  }

  /**
   * The files (blobs) under `dir` ("" for the root), by their path from it, or `dir` itself when it is a
   * file; symbolic links and submodules are left out (a link's target is never read).
   */
  async files(dir: string, recursive: boolean): Promise<{ found: "dir" | "file" | "none"; files: TreeFile[] }> {
    if (!this.head) return { found: "none", files: [] };
    const out = await this.git(["ls-tree", "-r", "-l", "-z", this.head, ...(dir ? ["--", dir] : [])]);
    const files: TreeFile[] = [];
    let found: "dir" | "file" | "none" = dir ? "none" : "dir";
    for (const record of out.stdout.toString("utf8").split("\0")) {
      const m = /^(\d+) (\w+) ([0-9a-f]+) +(-|\d+)\t(.*)$/s.exec(record);
      if (!m) continue;
      const [, mode, type, blob, size, path] = m;
      const whole = path === dir;
      if (!whole && dir && !path.startsWith(`${dir}/`)) continue;
      found = whole ? "file" : "dir";
      // `dir` itself a file: given by its whole path.
      const rel = whole || !dir ? path : path.slice(dir.length + 1);
      if (!whole && !recursive && rel.includes("/")) continue;
      if (type !== "blob" || (mode !== "100644" && mode !== "100755")) {
        this.port.log(`Skipped ${path}: a ${mode === "120000" ? "symbolic link" : type} is not read`, "WARN");
        continue;
      }
      files.push({ path: rel, blob, size: Number(size) });
    }
    return { found, files };
  }

  /** A blob's bytes; one larger than any flow or namespace file may be is refused before it is read. */
  async read(file: TreeFile): Promise<Buffer> {
    if (file.size > MAX_BLOB_BYTES)
      throw new ValueError(
        `${file.path} is ${file.size} bytes in the repository, more than the git tasks read (${MAX_BLOB_BYTES})`,
      );
    return (await this.git(["cat-file", "blob", file.blob], { maxOutputBytes: file.size + 1 })).stdout;
  }
}

/** Environment of every git command: no host configuration, only network transports, credentials by askpass. */
async function credentialEnv(root: string, options: GitOptions): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    PATH,
    HOME: join(root, "home"),
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL,
    GIT_LITERAL_PATHSPECS: "1",
  };
  if (options.username || options.password || options.passphrase) {
    const askpass = join(root, "askpass");
    await writeFile(askpass, ASKPASS, { mode: 0o700 });
    Object.assign(env, {
      GIT_ASKPASS: askpass,
      SSH_ASKPASS: askpass,
      SSH_ASKPASS_REQUIRE: "force",
      OSPREY_GIT_USERNAME: options.username ?? "",
      OSPREY_GIT_PASSWORD: options.password ?? "",
      OSPREY_GIT_PASSPHRASE: options.passphrase ?? "",
    });
  }
  const ssh = [
    "ssh",
    "-F /dev/null",
    // Kestra's SSH transport does not check host keys either.
    "-o StrictHostKeyChecking=no",
    "-o UserKnownHostsFile=/dev/null",
    "-o LogLevel=ERROR",
    `-o ConnectTimeout=${options.connectTimeoutSeconds}`,
  ];
  if (options.privateKey) {
    const key = join(root, "key");
    await writeFile(key, `${options.privateKey.trimEnd()}\n`, { mode: 0o600 });
    ssh.push(`-i '${key}'`, "-o IdentitiesOnly=yes");
  }
  env.GIT_SSH_COMMAND = ssh.join(" ");
  return env;
}

async function checkBranchName(repo: GitRepo, branch: string): Promise<void> {
  const ok = await repo
    .git(["check-ref-format", `refs/heads/${branch}`], { okCodes: [1] })
    .then((r) => r.code === 0 && !branch.startsWith("-"));
  if (!ok) throw new ValueError(`branch "${branch}" is not a valid branch name`);
}
