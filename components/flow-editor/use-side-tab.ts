"use client";

import { useCallback, useState } from "react";

const KEY = "osprey.editor.sideTab";

/** Which tab of the editor's side panel is open (null: closed), remembered across visits in this browser. */
export function useSideTab(): [string | null, (tab: string | null) => void] {
  // The editor renders in the browser only: localStorage is there on the first render.
  const [tab, setTab] = useState<string | null>(() => window.localStorage.getItem(KEY));
  const set = useCallback((next: string | null) => {
    setTab(next);
    if (next === null) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, next);
  }, []);
  return [tab, set];
}
