import { posix } from "node:path";

/** The engine a server talks to when DOCKER_HOST is unset (as dockerOptionsFor connects). */
export const DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

/**
 * One spelling per engine address, read as dockerOptionsFor reads it (socket path; host and port
 * with their defaults), so `unix:/var/run/docker.sock` and `unix:///var/run/./docker.sock` are one
 * engine. Null when the address is not one a client could be made for.
 */
export function dockerHostKey(host: string): string | null {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    return null;
  }
  switch (url.protocol) {
    case "unix:":
      return url.pathname ? `unix://${posix.normalize(url.pathname)}` : null;
    case "tcp:":
    case "http:":
      return url.hostname ? `tcp://${url.hostname.toLowerCase()}:${url.port || 2375}` : null;
    case "https:":
      return url.hostname ? `https://${url.hostname.toLowerCase()}:${url.port || 2376}` : null;
    case "ssh:":
      return url.hostname
        ? `ssh://${url.username ? `${url.username}@` : ""}${url.hostname.toLowerCase()}:${url.port || 22}`
        : null;
    default:
      return null;
  }
}
