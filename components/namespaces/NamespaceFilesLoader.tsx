"use client";

import dynamic from "next/dynamic";

// Monaco needs the browser: the file editor loads on the client only.
const NamespaceFiles = dynamic(() => import("./NamespaceFiles").then((m) => m.NamespaceFiles), {
  ssr: false,
  loading: () => <p className="p-6 text-slate-500">Loading files…</p>,
});

export function NamespaceFilesLoader(props: { namespace: string; canEdit: boolean }) {
  return <NamespaceFiles {...props} />;
}
