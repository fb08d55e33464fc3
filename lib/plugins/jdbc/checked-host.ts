import { isIP } from "node:net";
import type { PluginContext } from "../../plugin-kit/plugin-task";

/**
 * A server driver's options (pg, mysql2) pointed at the address its host was checked as
 * (OSPREY_SQL_HOSTS, the address rules); TLS still names and checks the host.
 */
export async function atCheckedAddress<T extends { host?: string; ssl?: unknown }>(
  ctx: PluginContext,
  options: T,
): Promise<T> {
  const host = String(options.host);
  const address = await ctx.connectTo(host, "sql");
  const ssl =
    typeof options.ssl === "object" && options.ssl !== null && !isIP(host)
      ? { ...options.ssl, servername: host }
      : options.ssl;
  return { ...options, host: address, ssl };
}
