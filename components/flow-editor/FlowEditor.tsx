"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TFlowInput } from "@/lib/flow/flow-inputs";
import type { CursorSource } from "../docs-panel/cursor-source";
import { useDarkMode } from "../theme/use-dark-mode";
import { ApiError, type ApiProblem, fetchFlowSchema, saveFlowSource, startExecution } from "./flow-api";
import { FLOW_MODEL_PATH, setupMonaco, setupMonacoEnvironment } from "./monaco-setup";
import { ProblemsPanel } from "./ProblemsPanel";
import { EditorToolbar, type View } from "./EditorToolbar";
import { SidePanel, type SideTab } from "./SidePanel";
import { type JsonSchema, type TaskTypeSchema, taskTypes } from "./task-schema";
import { useFlowGraph } from "./useFlowGraph";
import { useSideTab } from "./use-side-tab";

// At first paint the page needs Monaco and the YAML, nothing else: the graph, forms, files, run
// dialog and docs load after the text is on screen, or when asked for.
const later = (what: string) => () => <div className="p-4 text-sm text-slate-500">Loading {what}…</div>;
const VisualPane = dynamic(() => import("./VisualPane").then((m) => m.VisualPane), {
  ssr: false,
  loading: later("the graph"),
});
const FilesPane = dynamic(() => import("../files/FilesPane").then((m) => m.FilesPane), {
  ssr: false,
  loading: later("the files"),
});
const RunDialog = dynamic(() => import("../run/RunDialog").then((m) => m.RunDialog), { ssr: false });
const PlaygroundPane = dynamic(() => import("../playground/PlaygroundPane").then((m) => m.PlaygroundPane), {
  ssr: false,
  loading: later("the playground"),
});
const DocsPanel = dynamic(() => import("../docs-panel/DocsPanel").then((m) => m.DocsPanel), {
  ssr: false,
  loading: later("the documentation"),
});

export interface SavedRef {
  namespace: string;
  id: string;
  revision: number;
  savedBy: string | null;
}

// Monaco from the app's bundle, set before the first editor mounts.
if (typeof window !== "undefined") setupMonacoEnvironment();

type MonacoEditor = Parameters<OnMount>[0];
type Monaco = Parameters<OnMount>[1];

const SAVE_MARKER_OWNER = "osprey-save";

/** `canEdit` false (a viewer): the YAML is read-only and Save/Run are off; the server refuses them anyway. */
export function FlowEditor({
  initialSource,
  saved: initialSaved,
  canEdit,
}: {
  initialSource: string;
  saved: SavedRef | null;
  canEdit: boolean;
}) {
  const router = useRouter();
  const dark = useDarkMode();
  // The editor's text is on screen: what waits for it may load now.
  const [painted, setPainted] = useState(false);
  const [ready, setReady] = useState(false);
  const [schema, setSchema] = useState<JsonSchema | null>(null);
  const [cursor, setCursor] = useState<CursorSource | null>(null);
  const [sideTab, setSideTab] = useSideTab();
  const [source, setSource] = useState(initialSource);
  const [saved, setSaved] = useState<SavedRef | null>(initialSaved);
  const [savedSource, setSavedSource] = useState(initialSaved ? initialSource : null);
  const [problems, setProblems] = useState<ApiProblem[]>([]);
  const [status, setStatus] = useState<string>("");
  // A flow with inputs runs through the Run dialog (the saved revision's inputs).
  const [runDialog, setRunDialog] = useState<{ namespace: string; id: string; inputs: TFlowInput[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [types, setTypes] = useState<TaskTypeSchema[]>([]);
  const [view, setView] = useState<View>("split");
  const [selected, setSelected] = useState<string | null>(null);
  const graph = useFlowGraph(source, painted, ready);
  // One options object: a new one on every render makes the wrapper call updateOptions, which
  // closes an open suggestion list or hover (the graph re-renders this a moment after each keystroke).
  const editorOptions = useMemo(
    () => ({
      readOnly: !canEdit,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      quickSuggestions: { other: true, strings: true, comments: false },
    }),
    [canEdit],
  );
  const applyingRef = useRef(false);
  const spansRef = useRef(graph.spans);
  spansRef.current = graph.spans;
  const editorRef = useRef<MonacoEditor | null>(null);
  const monacoRef = useRef<Monaco | null>(null);
  const dirty = source !== savedSource;
  // The Files tab shows the namespace the flow is saved in, else the one its YAML names.
  const namespace = saved?.namespace ?? /^namespace:\s*([\w.-]+)\s*$/m.exec(source)?.[1] ?? null;

  useEffect(() => {
    if (!painted) return;
    void fetchFlowSchema().then(async (loaded) => {
      setupMonaco(loaded);
      const { installSchemaManifests } = await import("./flow-graph-compute");
      installSchemaManifests(loaded);
      setSchema(loaded as JsonSchema);
      setTypes(taskTypes(loaded as JsonSchema));
      setReady(true);
    });
  }, [painted]);

  const showProblems = useCallback((list: ApiProblem[]) => {
    setProblems(list);
    const editor = editorRef.current;
    const m = monacoRef.current;
    const model = editor?.getModel();
    if (!m || !model) return;
    m.editor.setModelMarkers(
      model,
      SAVE_MARKER_OWNER,
      list
        .filter((p) => p.line)
        .map((p) => ({
          severity: m.MarkerSeverity.Error,
          message: p.message,
          startLineNumber: p.line!,
          startColumn: p.column ?? 1,
          endLineNumber: p.line!,
          endColumn: model.getLineMaxColumn(p.line!),
        })),
    );
  }, []);

  const save = useCallback(async (): Promise<SavedRef | null> => {
    const text = editorRef.current?.getValue() ?? source;
    setBusy(true);
    setStatus("Saving…");
    try {
      const result = await saveFlowSource(text, saved);
      setSaved(result);
      setSavedSource(text);
      showProblems([]);
      setStatus(`Saved revision ${result.revision}`);
      // Update the address without remounting the editor (its undo history and status stay).
      if (!saved) window.history.replaceState(null, "", `/flows/${result.namespace}/${result.id}`);
      return result;
    } catch (err) {
      const problems = err instanceof ApiError ? err.problems : [];
      showProblems(problems.length ? problems : [{ message: err instanceof Error ? err.message : String(err) }]);
      setStatus("Not saved");
      return null;
    } finally {
      setBusy(false);
    }
  }, [saved, showProblems, source]);

  const run = useCallback(async () => {
    const text = editorRef.current?.getValue() ?? source;
    // Run what is saved: save first when the text changed.
    const target = text !== savedSource || !saved ? await save() : saved;
    if (!target) return;
    const { declaredInputs } = await import("@/lib/flow/flow-inputs");
    const inputs = declaredInputs(text);
    if (inputs.length > 0) {
      setRunDialog({ namespace: target.namespace, id: target.id, inputs });
      return;
    }
    setBusy(true);
    setStatus("Starting…");
    try {
      const execution = await startExecution(target.namespace, target.id);
      router.push(`/executions/${execution.id}`);
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }, [router, save, saved, savedSource, source]);

  // Keybindings are registered once; they call the latest handlers through refs.
  const actions = useRef({ save, run });
  actions.current = { save, run };

  const onMount: OnMount = (editor, m) => {
    editorRef.current = editor;
    monacoRef.current = m;
    // The task under the cursor is the one highlighted in the graph.
    editor.onDidChangeCursorPosition((e) => {
      if (applyingRef.current) return; // a visual edit moved it, not the reader
      const line = e.position.lineNumber;
      // Spans list parents before children: the last one holding the line is the innermost task.
      const span = spansRef.current.findLast((s) => line >= s.startLine && line <= s.endLine && s.id !== undefined);
      if (span) setSelected(span.id!);
    });
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.KeyS, () => void actions.current.save());
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => void actions.current.run());
    editor.focus();
    setCursor({
      text: () => editor.getValue(),
      offset: () => {
        const position = editor.getPosition();
        return position ? (editor.getModel()?.getOffsetAt(position) ?? 0) : 0;
      },
      onMove: (listener) => {
        const moved = editor.onDidChangeCursorPosition(listener);
        const typed = editor.onDidChangeModelContent(listener);
        return {
          dispose: () => {
            moved.dispose();
            typed.dispose();
          },
        };
      },
    });
    // After the frame that shows the text.
    requestAnimationFrame(() => setTimeout(() => setPainted(true), 0));
  };

  const sideTabs: SideTab[] = [
    { id: "docs", label: "Docs", render: () => <DocsPanel cursor={cursor} schema={schema} /> },
  ];

  /** Clicking a node selects its task's lines in the YAML. */
  const selectTask = (taskId: string | null) => {
    setSelected(taskId);
    const span = taskId === null ? undefined : spansRef.current.find((s) => s.id === taskId);
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!span || !editor || !model) return;
    // Selecting a flowable's lines puts the cursor on its last child's: that must not select the child.
    applyingRef.current = true;
    editor.setSelection({
      startLineNumber: span.startLine,
      startColumn: 1,
      endLineNumber: span.endLine,
      endColumn: model.getLineMaxColumn(span.endLine),
    });
    applyingRef.current = false;
    editor.revealLinesInCenterIfOutsideViewport(span.startLine, span.endLine);
    if (view !== "graph") editor.focus(); // ready to type over, copy or move the selected lines
  };

  /** A visual edit replaces the text as one undoable step (Ctrl+Z takes it back). */
  const applySource = (next: string) => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (editor && model) {
      applyingRef.current = true;
      editor.pushUndoStop();
      editor.executeEdits(
        "visual-editor",
        [{ range: model.getFullModelRange(), text: next }],
        editor.getSelections() ?? undefined,
      );
      editor.pushUndoStop();
      applyingRef.current = false;
    }
    setSource(next);
  };

  const goTo = (p: ApiProblem) => {
    const editor = editorRef.current;
    if (!editor || !p.line) return;
    editor.revealLineInCenter(p.line);
    editor.setPosition({ lineNumber: p.line, column: p.column ?? 1 });
    editor.focus();
  };

  return (
    <div className="flex h-[calc(100vh-3rem)] flex-col">
      {runDialog && (
        <RunDialog
          namespace={runDialog.namespace}
          flowId={runDialog.id}
          inputs={runDialog.inputs}
          onClose={() => setRunDialog(null)}
        />
      )}
      <EditorToolbar
        saved={saved}
        dirty={dirty}
        status={status}
        sideTabs={sideTabs}
        sideTab={sideTab}
        onSideTab={setSideTab}
        view={view}
        onView={setView}
        busy={busy || !canEdit}
        onSave={() => void save()}
        onRun={() => void run()}
      />
      <div className="flex min-h-0 flex-1">
        <div className={`min-w-0 flex-1 ${view === "graph" ? "hidden" : ""}`} data-testid="editor">
          <Editor
            path={FLOW_MODEL_PATH}
            defaultLanguage="yaml"
            defaultValue={initialSource}
            onChange={(v) => setSource(v ?? "")}
            onMount={onMount}
            options={editorOptions}
            theme={dark ? "vs-dark" : "vs"}
            loading={<div className="p-6 text-slate-500">Loading editor…</div>}
          />
        </div>
        {view !== "graph" && <ProblemsPanel problems={problems} onSelect={goTo} />}
        {sideTab !== null && view !== "graph" && (
          <SidePanel tabs={sideTabs} open={sideTab} onOpen={setSideTab} onClose={() => setSideTab(null)} />
        )}
        {view === "files" && (
          <div className="w-[60%] min-w-0 border-l border-slate-200" data-testid="files-tab">
            {namespace ? (
              <FilesPane namespace={namespace} canEdit={canEdit} />
            ) : (
              <div className="p-6 text-sm text-slate-500">Give the flow a namespace to see its files.</div>
            )}
          </div>
        )}
        {view === "playground" && (
          <div className="flex w-[50%] min-w-0 flex-col border-l border-slate-200" data-testid="playground-tab">
            <PlaygroundPane source={source} canEdit={canEdit} />
          </div>
        )}
        {(view === "split" || view === "graph") && (
          <div
            className={`min-w-0 border-l border-slate-200 bg-slate-50 ${view === "graph" ? "flex-1" : "w-[42%]"}`}
            data-testid="visual-pane"
          >
            {painted && (
              <VisualPane
                source={source}
                graph={graph}
                types={types}
                selected={selected}
                onSelect={selectTask}
                onSource={applySource}
                canEdit={canEdit}
              />
            )}
          </div>
        )}
      </div>
    </div>
  );
}
