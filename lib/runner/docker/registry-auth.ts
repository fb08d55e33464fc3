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
export function authFor(image: string, credentials?: RegistryCredentials, configJson?: string | Record<string, unknown>): AuthConfig | undefined {
  const registry = credentials?.registry ?? registryOfImage(image);
  if (credentials && (credentials.username || credentials.password || credentials.auth || credentials.registryToken || credentials.identityToken)) {
    const fromAuth = credentials.auth ? decodeAuth(credentials.auth) : undefined;
    return withoutEmpty({
      serveraddress: registry,
      username: credentials.username ?? fromAuth?.username,
      password: credentials.password ?? fromAuth?.password,
      identitytoken: credentials.identityToken,
      registrytoken: credentials.registryToken,
    }) as AuthConfig;
  }
  if (configJson) {
    const parsed = (typeof configJson === "string" ? JSON.parse(configJson) : configJson) as { auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }> };
    const auths = parsed.auths ?? {};
    const entry = auths[registry] ?? auths[`https://${registry}`] ?? auths[`http://${registry}`] ?? (registry === "docker.io" ? auths["https://index.docker.io/v1/"] : undefined);
    if (entry) {
      const fromAuth = entry.auth ? decodeAuth(entry.auth) : undefined;
      return withoutEmpty({
        serveraddress: registry,
        username: entry.username ?? fromAuth?.username,
        password: entry.password ?? fromAuth?.password,
        identitytoken: entry.identitytoken,
      }) as AuthConfig;
    }
  }
  return undefined;
}

function decodeAuth(auth: string): { username: string; password: string } {
  const text = Buffer.from(auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function withoutEmpty(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
}
