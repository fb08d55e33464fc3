import Link from "next/link";
import { describeOrigin, type ExecutionOrigin } from "./started-by";

const ICONS: Record<string, string> = {
  person: "👤",
  schedule: "⏰",
  backfill: "⏪",
  webhook: "🔗",
  flow: "⇢",
  subflow: "↳",
  replay: "↻",
  unknown: "",
};

/**
 * "started by alice@x", "schedule `every_minute`", "webhook `hook`", "flow trigger `t` from
 * <upstream execution>", "subflow of <parent execution>". `compact`: an icon and a word, for lists.
 */
export function StartedBy({ execution, compact = false }: { execution: ExecutionOrigin; compact?: boolean }) {
  const o = describeOrigin(execution);
  if (o.kind === "unknown") return null;
  if (compact) {
    const title = [o.label, o.triggerId, o.from?.flow].filter(Boolean).join(" ");
    return (
      <span title={title} data-testid="started-by-kind" data-kind={o.kind}>
        <span aria-hidden>{ICONS[o.kind]}</span>{" "}
        {o.kind === "person" ? o.label : o.triggerId ? `${o.label} ${o.triggerId}` : o.label}
      </span>
    );
  }
  const from = o.from && (
    <Link href={`/executions/${o.from.executionId}`} className="text-sky-700 hover:underline">
      {o.from.executionId.slice(0, 8)}
      {o.from.flow ? ` (${o.from.flow})` : ""}
    </Link>
  );
  return (
    <span className="text-slate-500" data-testid="started-by" data-kind={o.kind}>
      {o.kind === "person" && <>started by {o.label}</>}
      {(o.kind === "schedule" ||
        o.kind === "backfill" ||
        o.kind === "webhook" ||
        o.kind === "http" ||
        o.kind === "poll") && (
        <>
          {o.label} <code className="rounded bg-slate-100 px-1">{o.triggerId}</code>
          {execution.startedBy ? ` by ${execution.startedBy}` : ""}
        </>
      )}
      {o.kind === "flow" && (
        <>
          flow trigger <code className="rounded bg-slate-100 px-1">{o.triggerId}</code> from {from}
        </>
      )}
      {o.kind === "subflow" && <>subflow of {from}</>}
      {o.kind === "replay" && (
        <>
          replay of {from}
          {execution.startedBy ? ` by ${execution.startedBy}` : ""}
        </>
      )}
    </span>
  );
}
