"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { declaredInputs, type TFlowInput } from "@/lib/flow/flow-inputs";
import { checkInputs, defaultOf, isRequired } from "@/lib/flow/input-rules";
import type { TLabel } from "@/lib/flow/labels";
import { ApiError, send } from "../ui/api";
import {
  checkable,
  type FieldValue,
  type FieldValues,
  initialValues,
  rememberable,
  toFormData,
  valuesOfExecution,
} from "./form-values";
import { InputField } from "./InputField";
import { LabelsEditor } from "./LabelsEditor";
import { recall, remember } from "./run-memory";

interface Props {
  namespace: string;
  flowId: string;
  /** The flow's declared inputs; read from its saved YAML when not given. */
  inputs?: TFlowInput[];
  /** Run again: the earlier run's inputs as stored (dotted ids nested); else the last ones used here. */
  earlier?: Record<string, unknown>;
  onClose: () => void;
}

/** Runs a flow with typed inputs: a field per input, checked as you type by the server's own rules. */
export function RunDialog({ namespace, flowId, inputs: given, earlier, onClose }: Props) {
  const [inputs, setInputs] = useState<TFlowInput[] | null>(given ?? null);
  const [values, setValues] = useState<FieldValues>({});
  const [labels, setLabels] = useState<TLabel[]>([]);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Inputs whose `expression` could not give their values, by id (the server says why). */
  const [listErrors, setListErrors] = useState<Record<string, string>>({});
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);

  // Inputs of the saved revision, then the fields' first values.
  useEffect(() => {
    let live = true;
    void (async () => {
      let list = given;
      if (!list) {
        const res = await fetch(
          `/api/v1/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(flowId)}?source=true`,
        );
        list = res.ok ? declaredInputs(await res.text()) : [];
        if (!res.ok && live) setError(`could not read the flow (${res.status})`);
      }
      if (list.some((input) => input.expression !== undefined)) {
        const rendered = await withListedValues(namespace, flowId);
        if (rendered) {
          list = rendered.inputs;
          if (live) setListErrors(rendered.errors);
        }
      }
      if (!live) return;
      const last = recall(namespace, flowId);
      setInputs(list);
      setValues(initialValues(list, earlier ? valuesOfExecution(list, earlier) : (last?.values ?? {})));
      setLabels(last?.labels ?? []);
    })();
    return () => {
      live = false;
    };
  }, [given, earlier, namespace, flowId]);

  // Keys reach the dialog (Escape, Ctrl/Cmd+Enter) from the start: focus its first field, else itself.
  useEffect(() => {
    if (inputs === null) return;
    const first = formRef.current?.querySelector<HTMLElement>(
      "input:not([disabled]), select:not([disabled]), textarea:not([disabled])",
    );
    (first ?? formRef.current)?.focus();
  }, [inputs]);

  const check = useMemo(() => checkInputs(inputs ?? [], checkable(inputs ?? [], values)), [inputs, values]);
  const set = (id: string, value: FieldValue) => {
    setValues((prev) => ({ ...prev, [id]: value }));
    setTouched((prev) => ({ ...prev, [id]: true }));
  };
  // A missing value is pointed out once the field was used or a run was tried; a wrong one at once.
  const shownError = (id: string): string | undefined => {
    const message = listErrors[id] ?? check.errors[id];
    if (!message) return undefined;
    return message !== "is required" || touched[id] || submitted ? message : undefined;
  };
  const blocked = Object.keys(check.errors).length > 0 || Object.keys(listErrors).length > 0;

  const submit = async () => {
    if (!inputs || busy) return;
    setSubmitted(true);
    if (blocked) {
      formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const runLabels = labels.filter((l) => l.key.trim() !== "");
    const query = runLabels.map((l) => `labels=${encodeURIComponent(`${l.key.trim()}:${l.value}`)}`).join("&");
    try {
      const execution = await send<{ id: string }>(
        `/api/v1/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(flowId)}${query ? `?${query}` : ""}`,
        {
          method: "POST",
          body: toFormData(inputs, values, check.waiting),
        },
      );
      remember(namespace, flowId, { values: rememberable(inputs, values), labels: runLabels });
      router.push(`/executions/${execution.id}`);
    } catch (err) {
      setError(
        err instanceof ApiError && err.problems.length
          ? err.problems.map((p) => p.message).join("; ")
          : (err as Error).message,
      );
      setBusy(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center overflow-auto bg-slate-900/40 p-6"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <form
        ref={formRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby="run-dialog-title"
        data-testid="run-dialog"
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
        tabIndex={-1}
        className="w-full max-w-xl space-y-4 rounded-lg bg-white p-5 text-left shadow-xl"
      >
        <div className="flex items-baseline justify-between">
          <h2 id="run-dialog-title" className="text-lg font-semibold">
            Run {namespace}.{flowId}
          </h2>
          <button type="button" onClick={onClose} className="text-slate-500 hover:text-slate-700" aria-label="Close">
            ✕
          </button>
        </div>
        {inputs === null ? (
          <p className="text-slate-500">Loading inputs…</p>
        ) : (
          <>
            {inputs.length === 0 && <p className="text-sm text-slate-500">This flow takes no inputs.</p>}
            {inputs.map((input) => {
              const waiting = check.waiting.includes(input.id);
              const message = waiting ? undefined : shownError(input.id);
              const mandatory = isRequired(input) && defaultOf(input) === undefined;
              return (
                <div key={input.id} data-testid={`field-${input.id}`} className="space-y-1">
                  <label
                    htmlFor={`input-${input.id}`}
                    className="flex items-baseline gap-2 text-sm font-medium text-slate-700"
                  >
                    <span>
                      {input.displayName ?? input.id}
                      {mandatory && (
                        <span className="text-red-600" title="required">
                          {" "}
                          *
                        </span>
                      )}
                    </span>
                    <span className="font-mono text-xs font-normal text-slate-500">
                      {input.type === "ARRAY" ? `ARRAY of ${input.itemType ?? "STRING"}` : input.type}
                    </span>
                  </label>
                  {input.description && <p className="text-xs text-slate-500">{input.description}</p>}
                  <div onBlur={() => setTouched((prev) => ({ ...prev, [input.id]: true }))}>
                    <InputField
                      input={input}
                      value={values[input.id]}
                      disabled={waiting || busy}
                      invalid={message !== undefined}
                      onChange={(v) => set(input.id, v)}
                    />
                  </div>
                  {waiting && (
                    <p className="text-xs text-slate-500">Waits for {(input.dependsOn?.inputs ?? []).join(", ")}.</p>
                  )}
                  <p
                    id={`error-${input.id}`}
                    role={message ? "alert" : undefined}
                    className="min-h-0 text-xs text-red-700"
                    data-testid={`error-${input.id}`}
                  >
                    {message}
                  </p>
                </div>
              );
            })}
            <LabelsEditor labels={labels} onChange={setLabels} />
          </>
        )}
        {error && (
          <p role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-800" data-testid="run-error">
            {error}
          </p>
        )}
        <div className="flex items-center justify-end gap-2">
          <span className="mr-auto text-xs text-slate-500">Ctrl/Cmd+Enter runs · Esc closes</span>
          <button
            type="button"
            onClick={onClose}
            className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            Cancel
          </button>
          <button
            type="submit"
            disabled={busy || inputs === null}
            className="rounded bg-emerald-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50"
          >
            {busy ? "Starting…" : "▶ Run"}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The saved revision's inputs with each `expression` rendered by the server into `values`; null when it cannot say. */
async function withListedValues(
  namespace: string,
  flowId: string,
): Promise<{ inputs: TFlowInput[]; errors: Record<string, string> } | null> {
  const res = await fetch(`/api/v1/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(flowId)}/inputs`);
  return res.ok ? ((await res.json()) as { inputs: TFlowInput[]; errors: Record<string, string> }) : null;
}
