import type { SMTPTransportOptions } from "nodemailer/lib/smtp-transport";
import { toBool, toNumber } from "../../values/values";
import { TRANSPORT_STRATEGIES, type TransportStrategy } from "./mail-schemas";

// MailSend's server properties as nodemailer's SMTP options, following what Kestra's
// simple-java-mail (8.12) does with each transportStrategy.

/** simple-java-mail's default port of each strategy. */
const DEFAULT_PORT: Record<TransportStrategy, number> = { SMTP: 25, SMTPS: 465, SMTP_TLS: 587, SMTP_OAUTH2: 587 };

export interface SmtpServer {
  options: SMTPTransportOptions;
  /** `host:port (STRATEGY)`, for messages. */
  label: string;
}

export function smtpOptions(props: Record<string, unknown>): SmtpServer {
  const strategy = strategyOf(props.transportStrategy);
  const host = text(props.host);
  if (!host) throw new Error("host is required");
  const port = toNumber(props.port, "port") ?? DEFAULT_PORT[strategy];
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`port must be 1 to 65535, got ${port}`);
  const timeout = toNumber(props.sessionTimeout, "sessionTimeout") ?? 10_000;
  if (!(timeout > 0)) throw new Error(`sessionTimeout must be a positive number of milliseconds, got ${timeout}`);
  // Kestra's simple-java-mail trusts any certificate chain and only checks the name; Osprey checks
  // both unless told otherwise for this host (trustedHosts) or for all (verifyServerIdentity: false).
  const verify = toBool(props.verifyServerIdentity, "verifyServerIdentity", true);
  const trusted = hostList(props.trustedHosts).some((h) => h === "*" || h.toLowerCase() === host.toLowerCase());
  return {
    options: {
      host,
      port,
      // SMTPS is TLS from the first byte; the others start plain and upgrade with STARTTLS, which
      // SMTP_TLS and SMTP_OAUTH2 require and SMTP takes only when the server offers it.
      secure: strategy === "SMTPS",
      requireTLS: strategy === "SMTP_TLS" || strategy === "SMTP_OAUTH2",
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      tls: { rejectUnauthorized: verify && !trusted },
      auth: authOf(props, strategy),
      // Contents are given as bytes: never let a message read a local file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    },
    label: `${host}:${port} (${strategy})`,
  };
}

function strategyOf(value: unknown): TransportStrategy {
  const name = text(value)?.toUpperCase() ?? "SMTPS";
  if (!(TRANSPORT_STRATEGIES as readonly string[]).includes(name))
    throw new Error(`transportStrategy must be one of ${TRANSPORT_STRATEGIES.join(", ")}, got "${String(value)}"`);
  return name as TransportStrategy;
}

function authOf(props: Record<string, unknown>, strategy: TransportStrategy): SMTPTransportOptions["auth"] {
  const user = text(props.username);
  // Secrets are taken as written: a space may be part of one.
  const password = secret(props.password);
  if (strategy === "SMTP_OAUTH2") {
    const accessToken = secret(props.accessToken) ?? password;
    if (!accessToken) throw new Error("When using SMTP_OAUTH2, either 'accessToken' or 'password' must be provided");
    return { type: "OAuth2", user, accessToken };
  }
  // As Jakarta Mail: a login only when there is a user to log in as.
  return user ? { user, pass: password ?? "" } : undefined;
}

/** A list, its JSON text, or hosts separated by commas or spaces (as Jakarta Mail's ssl.trust). */
function hostList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((h) => String(h).trim()).filter(Boolean);
  const raw = String(value).trim();
  if (raw.startsWith("[")) {
    try {
      return hostList(JSON.parse(raw));
    } catch (err) {
      throw new Error(`trustedHosts is not a valid JSON list: ${(err as Error).message}`);
    }
  }
  return raw.split(/[\s,]+/).filter(Boolean);
}

function secret(value: unknown): string | undefined {
  return value === undefined || value === null || value === "" ? undefined : String(value);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}
