"use client";

import dynamic from "next/dynamic";
import type { SavedRef } from "./FlowEditor";

// Monaco needs the browser: load the editor on the client only.
const FlowEditor = dynamic(() => import("./FlowEditor").then((m) => m.FlowEditor), {
  ssr: false,
  loading: () => <div className="p-6 text-slate-500">Loading editor…</div>,
});

export function FlowEditorLoader(props: { initialSource: string; saved: SavedRef | null; canEdit: boolean }) {
  return <FlowEditor {...props} />;
}
