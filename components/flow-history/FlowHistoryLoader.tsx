"use client";

import dynamic from "next/dynamic";
import type { FlowHistoryProps } from "./FlowHistory";

// Monaco's diff editor needs the browser.
const FlowHistory = dynamic(() => import("./FlowHistory").then((m) => m.FlowHistory), {
  ssr: false,
  loading: () => <div className="p-6 text-slate-500">Loading history…</div>,
});

export function FlowHistoryLoader(props: FlowHistoryProps) {
  return <FlowHistory {...props} />;
}
