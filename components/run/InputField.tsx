"use client";

import type { TFlowInput } from "@/lib/flow/flow-inputs";
import { parseInputFileUriName } from "./file-names";
import { ArrayField } from "./ArrayField";
import type { FieldValue } from "./form-values";

const box = "w-full rounded border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-100";

interface Props {
  input: TFlowInput;
  value: FieldValue;
  disabled: boolean;
  invalid: boolean;
  onChange: (value: FieldValue) => void;
}

/** The widget for one input's type; ids are the input's id, so its label and error point at it. */
export function InputField({ input, value, disabled, invalid, onChange }: Props) {
  const common = {
    id: `input-${input.id}`,
    name: input.id,
    disabled,
    "aria-invalid": invalid,
    "aria-describedby": `error-${input.id}`,
  };
  const text = typeof value === "string" ? value : "";
  const onText = (e: { target: { value: string } }) => onChange(e.target.value);
  switch (input.type) {
    case "BOOLEAN":
    case "BOOL":
      return (
        <input
          type="checkbox"
          {...common}
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          className="h-4 w-4"
        />
      );
    case "SELECT":
    case "ENUM":
      if (input.allowCustomValue) {
        return (
          <>
            <input {...common} list={`values-${input.id}`} value={text} onChange={onText} className={box} />
            <datalist id={`values-${input.id}`}>
              {(input.values ?? []).map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </>
        );
      }
      return (
        <select {...common} value={text} onChange={onText} className={box}>
          <option value="">—</option>
          {(input.values ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      );
    case "MULTISELECT": {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <select
          {...common}
          multiple
          value={chosen}
          onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
          className={box}
          size={Math.min(6, Math.max(2, input.values?.length ?? 2))}
        >
          {(input.values ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      );
    }
    case "INT":
    case "FLOAT":
      return (
        <input
          type="number"
          {...common}
          step={input.type === "FLOAT" ? "any" : 1}
          min={typeof input.min === "number" ? input.min : undefined}
          max={typeof input.max === "number" ? input.max : undefined}
          value={text}
          onChange={onText}
          className={box}
        />
      );
    case "DATETIME":
      return <input type="datetime-local" step={1} {...common} value={text} onChange={onText} className={box} />;
    case "DATE":
      return <input type="date" {...common} value={text} onChange={onText} className={box} />;
    case "TIME":
      return <input type="time" step={1} {...common} value={text} onChange={onText} className={box} />;
    case "DURATION":
      return (
        <input
          {...common}
          placeholder="PT5M, PT1H30M, P1D"
          value={text}
          onChange={onText}
          className={`${box} font-mono`}
        />
      );
    case "JSON":
    case "YAML":
      return (
        <textarea
          {...common}
          rows={4}
          spellCheck={false}
          placeholder={input.type === "JSON" ? '{"key": "value"}' : "key: value"}
          value={text}
          onChange={onText}
          className={`${box} font-mono`}
        />
      );
    case "URI":
      return <input type="url" {...common} placeholder="https://…" value={text} onChange={onText} className={box} />;
    case "EMAIL":
      return (
        <input type="email" {...common} placeholder="name@example.com" value={text} onChange={onText} className={box} />
      );
    case "SECRET":
      return <input type="password" autoComplete="off" {...common} value={text} onChange={onText} className={box} />;
    case "FILE":
      return (
        <div className="space-y-1">
          <input
            type="file"
            {...common}
            accept={input.extension}
            onChange={(e) => onChange(e.target.files?.[0] ?? "")}
            className="text-sm"
          />
          {typeof value === "string" && value !== "" && (
            <p className="text-xs text-slate-500">
              Keeps {parseInputFileUriName(value)} from the earlier run unless you pick another file.
            </p>
          )}
        </div>
      );
    case "ARRAY":
      return (
        <ArrayField
          id={input.id}
          items={Array.isArray(value) ? value : []}
          itemType={input.itemType ?? "STRING"}
          disabled={disabled}
          onChange={onChange}
        />
      );
    default:
      return <input {...common} value={text} onChange={onText} className={box} />;
  }
}
