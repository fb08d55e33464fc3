// JDBC URLs as Kestra's flows write them, read into what each Node driver takes.

/** A database server: `jdbc:postgresql://host:port/db?k=v`, `jdbc:mysql://[user[:password]@]host:port/db`. */
export interface ServerUrl {
  host: string;
  port: number;
  database: string;
  params: Record<string, string>;
  user?: string;
  password?: string;
}

/** Kestra's JdbcConnectionInterface.validateUrl: set, and of the task's scheme. */
export function checkScheme(url: unknown, scheme: string): string {
  const text = url === undefined || url === null ? "" : String(url);
  if (text.trim() === "") throw new Error("Rendered value of `url` is blank.");
  if (!text.startsWith(scheme)) throw new Error(`URL scheme is invalid. URL should start with \`${scheme}\``);
  return text;
}

export function parseServerUrl(url: string, scheme: string, defaultPort: number): ServerUrl {
  const rest = url.slice(scheme.length).replace(/^:/, "");
  const queryAt = rest.indexOf("?");
  const params = Object.fromEntries(new URLSearchParams(queryAt < 0 ? "" : rest.slice(queryAt + 1)));
  const main = queryAt < 0 ? rest : rest.slice(0, queryAt);
  // `jdbc:postgresql:db` and `jdbc:postgresql:/`: the local server.
  if (!main.startsWith("//"))
    return { host: "localhost", port: defaultPort, database: decode(main.replace(/^\//, "")), params };
  const slash = main.indexOf("/", 2);
  let authority = slash < 0 ? main.slice(2) : main.slice(2, slash);
  const database = decode(slash < 0 ? "" : main.slice(slash + 1));
  let user: string | undefined;
  let password: string | undefined;
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    const info = authority.slice(0, at);
    authority = authority.slice(at + 1);
    const colon = info.indexOf(":");
    user = decode(colon < 0 ? info : info.slice(0, colon));
    if (colon >= 0) password = decode(info.slice(colon + 1));
  }
  // Several hosts (failover): the first one.
  const first = authority.split(",")[0];
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(first);
  if (!m) throw new Error(`cannot read the host of ${describe(url)}`);
  return {
    host: m[1] ?? (m[2] || "localhost"),
    port: m[3] ? Number(m[3]) : defaultPort,
    database,
    params,
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** `jdbc:sqlite:path` (`:memory:`, empty, `file::memory:` or `mode=memory`: in memory). */
export function parseSqliteUrl(url: string): { memory: boolean; path: string } {
  const rest = url.slice("jdbc:sqlite:".length);
  const path = rest.startsWith("file:") ? rest.slice(5).split("?")[0] : rest.split("?")[0];
  const lower = rest.trim().toLowerCase();
  const memory =
    path.trim() === "" ||
    lower === ":memory:" ||
    lower.startsWith("file::memory:") ||
    (lower.startsWith("file:") && lower.includes("mode=memory"));
  return { memory, path: memory ? "" : path };
}

/** `jdbc:duckdb:[path][?option=value…]`: empty or `:memory:` is an in-memory database. */
export function parseDuckDbUrl(url: string): { path: string; options: Record<string, string> } {
  const rest = url.slice("jdbc:duckdb:".length);
  const queryAt = rest.indexOf("?");
  const path = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const options = Object.fromEntries(new URLSearchParams(queryAt < 0 ? "" : rest.slice(queryAt + 1)));
  return { path: path === ":memory:" ? "" : path, options };
}

/** A URL as errors and logs may show it: no user info, no query (it may hold a password). */
export function describe(url: string): string {
  return url.replace(/\?.*$/s, "").replace(/\/\/[^/@]*@/, "//");
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
