import { badgeClass } from "./state-colors";

/** A state as a coloured label; every execution and task run state has its own colour. */
export function StateBadge({ state, title }: { state: string; title?: string }) {
  return (
    <span
      data-state={state}
      title={title}
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-semibold ${badgeClass(state)}`}
    >
      {state}
    </span>
  );
}
