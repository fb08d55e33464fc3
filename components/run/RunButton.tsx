"use client";

import { useState } from "react";
import type { TFlowInput } from "@/lib/flow/flow-inputs";
import { RunDialog } from "./RunDialog";

/** A Run button that opens the Run dialog for one flow (the flows list has one per row). */
export function RunButton({
  namespace,
  flowId,
  inputs,
  disabled,
}: {
  namespace: string;
  flowId: string;
  inputs?: TFlowInput[];
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={disabled}
        aria-label={`Run ${namespace}.${flowId}`}
        className="rounded bg-emerald-700 px-2 py-0.5 text-xs font-medium text-white hover:bg-emerald-800 disabled:opacity-40"
      >
        ▶ Run
      </button>
      {open && <RunDialog namespace={namespace} flowId={flowId} inputs={inputs} onClose={() => setOpen(false)} />}
    </>
  );
}
