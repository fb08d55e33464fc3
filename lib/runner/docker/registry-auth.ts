import type { AuthConfig } from "dockerode";

export interface RegistryCredentials {
  registry?: string;
  username?: string;
  password?: string;
  registryToken?: string;
  identityToken?: string;
  auth?: string;
}

/** The registry an image comes from: its first path part when that looks like a host, else Docker Hub. */
export function registryOfImage(image: string): string {
  const first = image.split("/")[0];
  const isHost = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return isHost ? first : "docker.io";
}

/**
 * Auth for a pull or push, from `credentials` or from a Docker config.json's `auths` entry for
 * the image's registry; undefined when neither applies (anonymous).
 */
export function authFor(
  image: string,
  credentials?: RegistryCredentials,
  configJson?: string | Record<string, unknown>,
): AuthConfig | undefined {
  const registry = credentials?.registry ?? registryOfImage(image);
  if (
    credentials &&
    (credentials.username ||
      credentials.password ||
      credentials.auth ||
      credentials.registryToken ||
      credentials.identityToken)
  ) {
    return toAuth(registry, credentials);
  }
  if (!configJson) return undefined;
  const parsed = (typeof configJson === "string" ? JSON.parse(configJson) : configJson) as {
    auths?: Record<string, ConfigAuth>;
  };
  const auths = parsed.auths ?? {};
  const entry =
    auths[registry] ??
    auths[`https://${registry}`] ??
    auths[`http://${registry}`] ??
    (registry === "docker.io" ? auths["https://index.docker.io/v1/"] : undefined);
  return entry ? toAuth(registry, { ...entry, identityToken: entry.identitytoken }) : undefined;
}

/** An `auths` entry of a Docker config.json. */
interface ConfigAuth {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** Explicit user and password win over the base64 `auth` pair. */
function toAuth(registry: string, c: RegistryCredentials): AuthConfig {
  const fromAuth = c.auth ? decodeAuth(c.auth) : undefined;
  return withoutEmpty({
    serveraddress: registry,
    username: c.username ?? fromAuth?.username,
    password: c.password ?? fromAuth?.password,
    identitytoken: c.identityToken,
    registrytoken: c.registryToken,
  }) as AuthConfig;
}

function decodeAuth(auth: string): { username: string; password: string } {
  const text = Buffer.from(auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function withoutEmpty(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
}
