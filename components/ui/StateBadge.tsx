export function StateBadge({ state }: { state: string }) {
  return (
    <span data-state={state} className={`state-${state} inline-block rounded px-2 py-0.5 text-xs font-semibold`}>
      {state}
    </span>
  );
}
