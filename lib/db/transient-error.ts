/** Prisma's codes for a server it cannot reach, a timed-out connection, a closed one, a full pool. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** What a driver adapter says of a connection it lost or could not make. */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseDoesNotExist",
]);
/** PostgreSQL's codes for a server going down, starting up, or out of connections (classes 08, 57P, 53300). */
const PG_CODE = /^(08\d{3}|57P0[123]|53300)$/;
const NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const MESSAGES =
  /connection terminated|database system is (shutting down|starting up|in recovery mode)|terminating connection|can't reach database server|connection is closed|client has encountered a connection error|timeout exceeded when trying to connect/i;

/**
 * Whether an error means the database is out of reach for now (down, restarting, the network): the
 * work that met it should wait and try again, not fail. A constraint, a bad query or a missing row
 * is never transient.
 */
export function isTransientDbError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, meta, cause, message } = e as {
      code?: unknown;
      meta?: { driverAdapterError?: { cause?: unknown } };
      cause?: unknown;
      message?: unknown;
    };
    if (typeof code === "string" && (PRISMA_CODES.has(code) || PG_CODE.test(code) || NODE_CODES.has(code))) return true;
    const adapter = (meta?.driverAdapterError?.cause ?? cause) as { kind?: unknown; code?: unknown } | undefined;
    if (adapter && typeof adapter === "object") {
      if (typeof adapter.kind === "string" && ADAPTER_KINDS.has(adapter.kind)) return true;
      if (typeof adapter.code === "string" && (PG_CODE.test(adapter.code) || NODE_CODES.has(adapter.code))) return true;
    }
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    e = meta?.driverAdapterError ?? cause;
  }
  return false;
}
