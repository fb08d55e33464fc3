import type { DockerOptions } from "dockerode";

/**
 * `DOCKER_HOST`-style address → dockerode options: `unix:///path`, `tcp://host:port`
 * (`https` when DOCKER_TLS_VERIFY-style certificates are set up on the host), `ssh://user@host`.
 */
export function dockerOptionsFor(host: string | undefined): DockerOptions {
  if (!host) return { socketPath: "/var/run/docker.sock" };
  const url = new URL(host);
  switch (url.protocol) {
    case "unix:":
      return { socketPath: url.pathname };
    case "tcp:":
    case "http:":
      return { host: url.hostname, port: Number(url.port || 2375), protocol: "http" };
    case "https:":
      return { host: url.hostname, port: Number(url.port || 2376), protocol: "https" };
    case "ssh:":
      return { host: url.hostname, port: Number(url.port || 22), protocol: "ssh", username: url.username || undefined };
    default:
      throw new Error(`unsupported Docker host "${host}": use unix://, tcp://, https:// or ssh://`);
  }
}
