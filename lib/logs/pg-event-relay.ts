import { randomUUID } from "node:crypto";
import pg from "pg";
import type { EventRelay, LogBus, StateEvent, WorkSignal } from "./log-bus";

const CHANNEL = "osprey_events";
/** NOTIFY payloads are limited to 8000 bytes: a state event's message is cut well below that. */
const MAX_MESSAGE_CHARS = 2_000;
/** "Stored up to" hints of one execution are coalesced over this long: one NOTIFY, the latest number. */
const COALESCE_MS = 20;
const RECONNECT_MS = 1_000;

type Payload =
  | { o: string; e: string; s: number }
  | { o: string; e: string; st: StateEvent }
  | { o: string; w: WorkSignal };

/**
 * The log bus across processes on one PostgreSQL: every process NOTIFYs what it stored (execution id
 * and last sequence number) and its state changes, and LISTENs for the others'. Followers read the
 * lines themselves from the store, so a lost notification costs latency, never a line (the next one,
 * or the end, brings them).
 */
export class PgEventRelay implements EventRelay {
  private readonly origin = randomUUID();
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private pendingStored = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private reconnecting = false;

  constructor(
    private readonly url: string,
    private readonly bus: LogBus,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on("error", () => undefined); // an idle client's error: the next query reconnects
  }

  async start(): Promise<void> {
    await this.listen();
    this.bus.setRelay(this);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.bus.setRelay(null);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.flush();
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  stored(executionId: string, lastSeq: number): void {
    this.pendingStored.set(executionId, Math.max(this.pendingStored.get(executionId) ?? -1, lastSeq));
    this.flushTimer ??= setTimeout(() => void this.flush(), COALESCE_MS);
  }

  state(event: StateEvent): void {
    const message = event.message === undefined ? undefined : event.message.slice(0, MAX_MESSAGE_CHARS);
    // The lines stored before this change go first, so a follower elsewhere reads them before the state.
    void this.flush().then(() => this.notify({ o: this.origin, e: event.executionId, st: { ...event, message } }));
  }

  work(signal: WorkSignal): void {
    void this.notify({ o: this.origin, w: signal });
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const pending = this.pendingStored;
    this.pendingStored = new Map();
    await Promise.all([...pending].map(([e, s]) => this.notify({ o: this.origin, e, s })));
  }

  private async notify(payload: Payload): Promise<void> {
    try {
      await this.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(payload)]);
    } catch (err) {
      if (!this.stopped) console.error("[osprey] could not notify the other servers:", (err as Error).message);
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (n) => this.receive(n.payload));
    client.on("error", () => this.reconnect(client));
    client.on("end", () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private reconnect(client: pg.Client): void {
    if (this.stopped || this.reconnecting || this.listener !== client) return;
    this.reconnecting = true;
    this.listener = null;
    client.end().catch(() => undefined);
    const retry = () =>
      setTimeout(() => {
        if (this.stopped) return;
        this.listen().then(
          () => (this.reconnecting = false),
          () => retry(),
        );
      }, RECONNECT_MS);
    retry();
  }

  private receive(text: string | undefined): void {
    if (!text) return;
    let payload: Payload;
    try {
      payload = JSON.parse(text) as Payload;
    } catch {
      return;
    }
    if (payload.o === this.origin) return; // this process's own followers had it already
    if ("w" in payload) this.bus.receiveWork(payload.w);
    else if ("st" in payload) this.bus.receive(payload.e, { kind: "state", event: payload.st });
    else this.bus.receive(payload.e, { kind: "stored", lastSeq: payload.s });
  }
}
