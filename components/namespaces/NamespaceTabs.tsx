"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { type NamespaceRights, tabHref, visibleTabs } from "./namespace-tabs";

/** The tab bar of a namespace page: links, so each tab has its own address and the keyboard reaches each. */
export function NamespaceTabs({ namespace, rights }: { namespace: string; rights: NamespaceRights }) {
  const path = usePathname();
  return (
    <nav aria-label="Namespace tabs" className="flex gap-1 border-b border-slate-200" data-testid="namespace-tabs">
      {visibleTabs(rights).map((tab) => {
        const href = tabHref(namespace, tab.slug);
        const current = decodeURIComponent(path) === decodeURIComponent(href);
        return (
          <Link
            key={tab.slug}
            href={href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${
              current
                ? "border-sky-600 font-medium text-sky-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
