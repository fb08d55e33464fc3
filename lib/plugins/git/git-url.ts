// Repository URLs as the git tasks accept them (client-safe: the flow schema checks a written URL).
// Only the network transports are allowed: a `transport::address` URL (`ext::sh -c …`, `fd::…`)
// would have git run a command, and a local path or file:// would read the host's own files.

/** The transports git may use, as GIT_ALLOW_PROTOCOL names them; the same list is given to git itself. */
export const GIT_ALLOW_PROTOCOL = "http:https:ssh:git";

const SCHEMES = new Set(["http", "https", "ssh", "git", "git+ssh", "ssh+git"]);

/** Why git may not be given `url`, or null when it may. */
export function gitUrlProblem(url: string): string | null {
  const text = url.trim();
  if (text === "") return "url is required";
  const shown = JSON.stringify(redactUrl(text).slice(0, 80));
  const refused = `is refused: only http(s)://, ssh://, git:// and user@host:path URLs are allowed`;
  if (text.startsWith("-")) return `url ${shown} ${refused}`;
  const helper = /^([A-Za-z0-9+.-]+)::/.exec(text);
  if (helper) return `url ${shown} ${refused} (the ${helper[1]}:: transport runs a command)`;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme) {
    if (!SCHEMES.has(scheme[1].toLowerCase())) return `url ${shown} ${refused}`;
    const host = text.slice(scheme[0].length).replace(/^[^/@]*@/, "");
    if (host === "" || host.startsWith("-") || host.startsWith("/")) return `url ${shown} has no valid host`;
    return null;
  }
  // scp-like `[user@]host:path`: a colon before the first slash (git's own rule).
  const scp = /^(?:[^@/]+@)?([^/:]+):/.exec(text);
  if (scp && !scp[1].startsWith("-") && !text.startsWith("[")) return null;
  return `url ${shown} ${refused} (local paths are not)`;
}

/** The URL without its user part (a token is often given as the user name), for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, "$1***@");
}

const SSH_URL = /^git@(?:ssh\.)?([^:]+):(?:v\d*\/)?(.*)$/;

/** Kestra's GitService.getHttpUrl: the web address of a repository (an SSH one turned into https://host/path). */
export function httpUrlOf(url: string): string {
  const ssh = SSH_URL.exec(url);
  if (ssh) {
    let path = `${ssh[1]}/${ssh[2]}`;
    if (path.includes("azure.com")) {
      const cut = path.lastIndexOf("/");
      path = `${path.slice(0, cut)}/_git/${path.slice(cut + 1)}`;
    }
    return `https://${path}`;
  }
  return url.includes("@") ? url.replace(/\/\/.*@/, "//") : url;
}

/** Kestra's buildCommitUrl: where a hosting service shows a commit. */
export function commitUrlOf(httpUrl: string, branch: string, commitId: string): string {
  const base = httpUrl.replace(/\.git$/, "");
  const url = `${base}/${base.includes("bitbucket.org") ? "commits" : "commit"}/${commitId}`;
  return base.includes("azure.com") ? `${url}?refName=refs%2Fheads%2F${branch}` : url;
}

/** Where a repository URL connects: its host, and the port for http(s) (git's defaults when not written). */
export function gitTarget(url: string): { scheme: string; host: string; port: number | null } | null {
  const text = url.trim();
  const full = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^/@]*@)?(\[[^\]]+\]|[^/:]+)(?::(\d+))?/.exec(text);
  if (full) {
    const scheme = full[1].toLowerCase();
    const port = full[3] ? Number(full[3]) : scheme === "https" ? 443 : scheme === "http" ? 80 : null;
    return { scheme, host: full[2].replace(/^\[|\]$/g, ""), port };
  }
  const scp = /^(?:[^@/]+@)?([^/:]+):/.exec(text);
  return scp ? { scheme: "ssh", host: scp[1], port: null } : null;
}
