"use client";

import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { FilesPane } from "../files/FilesPane";

/**
 * Monaco from the app's own bundle (never a CDN: Osprey runs offline). The flow editor sets up the
 * same, plus the flow schema for YAML; a worker set there first is kept.
 */
function configureLocalMonaco(): void {
  window.MonacoEnvironment ??= {
    getWorker: () =>
      new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker", import.meta.url), { type: "module" }),
  };
  loader.config({ monaco });
}

// This module loads in the browser only (NamespaceFilesLoader): configure before the first editor mounts.
configureLocalMonaco();

/** The Files tab: the namespace file editor, full height. */
export function NamespaceFiles({ namespace, canEdit }: { namespace: string; canEdit: boolean }) {
  return (
    <div className="h-[calc(100vh-13rem)] min-h-96 overflow-hidden rounded border border-slate-200">
      <FilesPane namespace={namespace} canEdit={canEdit} />
    </div>
  );
}
