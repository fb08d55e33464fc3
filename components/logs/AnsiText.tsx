import Anser from "anser";
import type { ReactNode } from "react";
import { ansiColor } from "./ansi-palette";

/** A log message with its ANSI colours as styled spans (never as HTML), and `query` matches marked. */
export function AnsiText({ text, query }: { text: string; query: string }) {
  if (!text.includes("\x1b")) return <>{highlight(text, query)}</>;
  const parts = Anser.ansiToJson(text, { json: true, remove_empty: true });
  return (
    <>
      {parts.map((p, i) => (
        <span
          key={i}
          style={{
            color: p.fg ? ansiColor(p.fg) : undefined,
            // Backgrounds keep xterm's deep shades, under which light text stays readable.
            backgroundColor: p.bg ? `rgb(${p.bg})` : undefined,
            fontWeight: p.decorations?.includes("bold") ? 600 : undefined,
            textDecoration: p.decorations?.includes("underline") ? "underline" : undefined,
          }}
        >
          {highlight(p.content, query)}
        </span>
      ))}
    </>
  );
}

function highlight(text: string, query: string): ReactNode {
  if (!query) return text;
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, from)) {
    if (at > from) out.push(text.slice(from, at));
    out.push(
      <mark key={at} className="rounded-sm bg-yellow-300 text-slate-900">
        {text.slice(at, at + q.length)}
      </mark>,
    );
    from = at + q.length;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}
