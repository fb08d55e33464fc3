"use client";

/** An ARRAY input's items, one text field each (typed by `itemType`), added and removed one by one. */
export function ArrayField({
  id,
  items,
  itemType,
  disabled,
  onChange,
}: {
  id: string;
  items: string[];
  itemType: string;
  disabled: boolean;
  onChange: (items: string[]) => void;
}) {
  const inputType =
    itemType === "INT" || itemType === "FLOAT"
      ? "number"
      : itemType === "DATE"
        ? "date"
        : itemType === "TIME"
          ? "time"
          : "text";
  return (
    <div className="space-y-1" data-testid={`array-${id}`}>
      {items.map((item, i) => (
        <div key={i} className="flex gap-1">
          <input
            type={inputType}
            step={itemType === "FLOAT" ? "any" : undefined}
            aria-label={`${id} item ${i + 1}`}
            value={item}
            disabled={disabled}
            onChange={(e) => onChange(items.map((v, j) => (j === i ? e.target.value : v)))}
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
          <button
            type="button"
            disabled={disabled}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
            className="rounded border border-slate-300 px-2 text-xs hover:bg-slate-100"
            aria-label={`remove ${id} item ${i + 1}`}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={disabled}
        onClick={() => onChange([...items, ""])}
        className="rounded border border-dashed border-slate-300 px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-50"
      >
        + Add {itemType.toLowerCase()} item
      </button>
    </div>
  );
}
