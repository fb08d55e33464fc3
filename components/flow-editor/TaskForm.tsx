"use client";

import { fieldKind, type JsonSchema } from "./task-schema";

type Path = string[];

interface TaskFormProps {
  schema: JsonSchema;
  value: Record<string, unknown>;
  readOnly: boolean;
  /** `undefined` removes the property. */
  onChange: (path: Path, value: unknown) => void;
}

const input = "w-full rounded border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50";

/**
 * A task's properties as a form generated from its JSON schema: enums as selects, descriptions
 * as help, required fields marked, nested objects (docker, credentials) as groups. Inputs are
 * uncontrolled: each change is written into the YAML at once, and the form is remounted per task.
 */
export function TaskForm({ schema, value, readOnly, onChange }: TaskFormProps) {
  return (
    <div className="space-y-3" data-testid="task-form">
      <Fields schema={schema} value={value} path={[]} readOnly={readOnly} onChange={onChange} />
    </div>
  );
}

function Fields({
  schema,
  value,
  path,
  readOnly,
  onChange,
}: {
  schema: JsonSchema;
  value: Record<string, unknown> | undefined;
  path: Path;
  readOnly: boolean;
  onChange: TaskFormProps["onChange"];
}) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, prop]) => {
        if (path.length === 0 && name === "type") return null; // fixed by the palette; change it in the YAML
        const kind = fieldKind(name, prop);
        const here = [...path, name];
        const current = value?.[name];
        const label = (
          <span className="flex items-baseline gap-1 text-xs font-medium text-slate-700">
            {name}
            {required.has(name) && (
              <span className="text-red-600" title="required">
                *
              </span>
            )}
          </span>
        );
        const help = prop.description && (
          <span className="block text-[11px] leading-snug text-slate-500">{prop.description}</span>
        );
        if (kind === "object") {
          return (
            <fieldset key={name} className="rounded border border-slate-200 p-2" data-field={here.join(".")}>
              <legend className="px-1 text-xs font-semibold text-slate-700">{name}</legend>
              {help}
              <div className="mt-2 space-y-3">
                <Fields
                  schema={prop}
                  value={isRecord(current) ? current : undefined}
                  path={here}
                  readOnly={readOnly}
                  onChange={onChange}
                />
              </div>
            </fieldset>
          );
        }
        if (kind === "yaml-only") {
          return (
            <div key={name}>
              {label}
              <span className="block text-[11px] text-slate-500">
                edit `{name}` in the YAML{current !== undefined ? " (set)" : ""}
              </span>
            </div>
          );
        }
        return (
          <label key={name} className="block space-y-0.5" data-field={here.join(".")}>
            {label}
            <FieldInput
              kind={kind}
              schema={prop}
              name={here.join(".")}
              current={current}
              readOnly={readOnly}
              onChange={(v) => onChange(here, v)}
            />
            {help}
          </label>
        );
      })}
    </>
  );
}

function FieldInput({
  kind,
  schema,
  name,
  current,
  readOnly,
  onChange,
}: {
  kind: string;
  schema: JsonSchema;
  name: string;
  current: unknown;
  readOnly: boolean;
  onChange: (v: unknown) => void;
}) {
  switch (kind) {
    case "enum":
      return (
        <select
          aria-label={name}
          disabled={readOnly}
          defaultValue={current === undefined ? "" : String(current)}
          onChange={(e) => onChange(e.target.value || undefined)}
          className={input}
        >
          <option value="">(default)</option>
          {schema.enum!.map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      );
    case "boolean":
      return (
        <select
          aria-label={name}
          disabled={readOnly}
          defaultValue={current === undefined ? "" : String(current)}
          onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}
          className={input}
        >
          <option value="">(default)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case "number":
      return (
        <input
          aria-label={name}
          type="number"
          disabled={readOnly}
          defaultValue={typeof current === "number" ? current : ""}
          onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
          className={input}
        />
      );
    case "lines":
      return (
        <textarea
          aria-label={name}
          disabled={readOnly}
          rows={3}
          placeholder="one per line"
          defaultValue={Array.isArray(current) ? current.join("\n") : ""}
          onChange={(e) => {
            const lines = e.target.value.split("\n").filter((l) => l.trim() !== "");
            onChange(lines.length ? lines : undefined);
          }}
          className={`${input} font-mono`}
        />
      );
    case "longtext":
      return (
        <textarea
          aria-label={name}
          disabled={readOnly}
          rows={4}
          defaultValue={typeof current === "string" ? current : ""}
          onChange={(e) => onChange(e.target.value || undefined)}
          className={`${input} font-mono`}
        />
      );
    default:
      return (
        <input
          aria-label={name}
          disabled={readOnly}
          defaultValue={current === undefined ? "" : String(current)}
          onChange={(e) => onChange(e.target.value || undefined)}
          className={input}
        />
      );
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
