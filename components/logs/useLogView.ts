"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { type LogViewState, readViewState, writeViewState } from "./log-view-state";

/** The log view in the URL: what it is now, and a setter that replaces the address (no history entry, no scroll). */
export function useLogView(): { view: LogViewState; setView: (patch: Partial<LogViewState>) => void } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = readViewState(new URLSearchParams(params.toString()));
  const setView = useCallback(
    (patch: Partial<LogViewState>) => {
      // Read the address as it is now, not as it was rendered: two quick changes must both land.
      const current = new URLSearchParams(window.location.search);
      const next = writeViewState({ ...readViewState(current), ...patch }, current);
      router.replace(`${pathname}${next.size ? `?${next}` : ""}${window.location.hash}`, { scroll: false });
    },
    [pathname, router],
  );
  return { view, setView };
}
