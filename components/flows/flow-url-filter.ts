"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** The flows list's filters as they sit in the URL (?q=…&namespace=…&labels=a:b,c:d&page=…). */
export interface UrlFlowFilter {
  q: string;
  namespace: string;
  labels: string[];
}

/** Sets some of the list's URL filters; any change goes back to page 1. */
export function useFlowUrlFilter(): (change: Partial<UrlFlowFilter>) => void {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return useCallback(
    (change: Partial<UrlFlowFilter>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(change)) {
        const text = Array.isArray(value) ? value.join(",") : value;
        if (text) next.set(key, text);
        else next.delete(key);
      }
      next.delete("page");
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname);
    },
    [router, pathname, params],
  );
}
