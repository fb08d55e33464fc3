import { config, type TConfig } from "../config";

/** better-auth's warning when it has no base URL: said instead, once, by `baseUrlNotice` with how to fix it. */
const BETTER_AUTH_NO_BASE_URL = "Base URL is not set";

/** What the server says at start when OSPREY_BASE_URL is not set (null when it is). */
export function baseUrlNotice(settings: Pick<TConfig, "OSPREY_BASE_URL">): string | null {
  if (settings.OSPREY_BASE_URL) return null;
  return (
    "[osprey] OSPREY_BASE_URL is not set, so each request's Host header is taken as this server's address " +
    "(for sign-in and for the Origin check of every change). Fine on your own machine; to serve a team, set it to " +
    "the address people use, e.g. OSPREY_BASE_URL=https://osprey.example.com (README, Security)."
  );
}

/** Says the notice once, when the server starts (instrumentation.ts). */
export function sayBaseUrlNotice(): void {
  const notice = baseUrlNotice(config);
  if (notice) console.warn(notice);
}

/**
 * better-auth's log, as it would print it, without its "Base URL is not set" warning: the server
 * says that once at start, with how to set it (above).
 */
export function authLog(level: "debug" | "info" | "warn" | "error", message: string, ...args: unknown[]): void {
  if (message.includes(BETTER_AUTH_NO_BASE_URL)) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase()} [Better Auth]: ${message}`;
  if (level === "error") console.error(line, ...args);
  else if (level === "warn") console.warn(line, ...args);
  else console.log(line, ...args);
}
