import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// For the git tests only: a Git server over smart HTTP, as real ones serve it: `git http-backend`
// (CGI) behind node:http with basic auth, over bare repositories in a temporary folder, pushes
// accepted (http.receivepack). Listens on every interface so containers reach it through the
// Docker bridge's gateway. `stall.git` hangs, for timeouts.

export interface GitTestServer {
  port: number;
  /** The repository's URL through `host` (127.0.0.1 from the server, the bridge gateway from a container). */
  url(repo: string, host?: string): string;
  /** A bare repository `<name>.git` whose `branch` holds `files` (none: an empty repository). */
  createRepo(name: string, files?: Record<string, string>, branch?: string): void;
  /** A commit on `branch` writing `files` (null deletes one; `-> target` makes a symbolic link). */
  commit(name: string, files: Record<string, string | null>, branch?: string, message?: string): void;
  /** git in the bare repository (log, show, ls-tree…). */
  git(name: string, args: string[]): string;
  /** Paths of the requests received, with whether they were let in. */
  requests: { path: string; authorized: boolean }[];
  close(): Promise<void>;
}

const AUTHOR = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

export async function startGitServer(user: string, password: string): Promise<GitTestServer> {
  const root = mkdtempSync(join(tmpdir(), "osprey-git-server-"));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", ...AUTHOR };
  const run = (args: string[], cwd = root) => execFileSync("git", args, { cwd, env, encoding: "utf8" });
  const requests: GitTestServer["requests"] = [];
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  // Requests for `stall.git` are never answered: a server that hangs.
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname.startsWith("/stall.git/")) return void held.push(res);
    const authorized = req.headers.authorization === expected;
    requests.push({ path: url.pathname, authorized });
    if (!authorized) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end();
      return;
    }
    cgi(req, res, url, root, user);
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  const port = (server.address() as AddressInfo).port;

  const withWorkTree = (name: string, branch: string, edit: (dir: string) => void, message: string) => {
    const work = mkdtempSync(join(tmpdir(), "osprey-git-work-"));
    try {
      run(["init", "-q", "-b", branch, work]);
      const has = run(["ls-remote", "--heads", join(root, `${name}.git`), branch]).trim() !== "";
      if (has) run(["pull", "-q", join(root, `${name}.git`), branch], work);
      edit(work);
      run(["add", "-A"], work);
      run(["commit", "-q", "-m", message], work);
      run(["push", "-q", join(root, `${name}.git`), `HEAD:refs/heads/${branch}`], work);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  const write = (dir: string, files: Record<string, string | null>) => {
    for (const [path, content] of Object.entries(files)) {
      const file = join(dir, path);
      if (content === null) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        if (content.startsWith("-> ")) symlinkSync(content.slice(3), file);
        else writeFileSync(file, content);
      }
    }
  };

  return {
    port,
    requests,
    url: (repo, host = "127.0.0.1") => `http://${host}:${port}/${repo}.git`,
    createRepo(name, files, branch = "main") {
      run(["init", "-q", "--bare", "-b", branch, `${name}.git`]);
      run(["config", "http.receivepack", "true"], join(root, `${name}.git`));
      if (files) withWorkTree(name, branch, (dir) => write(dir, files), "initial");
    },
    commit(name, files, branch = "main", message = "change") {
      withWorkTree(name, branch, (dir) => write(dir, files), message);
    },
    git: (name, args) => run(args, join(root, `${name}.git`)),
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** One request through git http-backend: CGI variables in, its headers and body out. */
function cgi(req: IncomingMessage, res: ServerResponse, url: URL, root: string, user: string): void {
  const child = spawn("git", ["http-backend"], {
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: "1",
      REMOTE_USER: user,
      REMOTE_ADDR: req.socket.remoteAddress ?? "",
      REQUEST_METHOD: req.method ?? "GET",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ""),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      HTTP_CONTENT_ENCODING: String(req.headers["content-encoding"] ?? ""),
      HTTP_GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
    },
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const [name, ...rest] = line.split(":");
      const value = rest.join(":").trim();
      if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.stderr.on("data", () => undefined);
  child.on("close", () => res.end());
}
