"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { FilesPane } from "../files/FilesPane";
import {
  ApiError,
  type ApiProblem,
  fetchFlowSchema,
  installSchemaManifests,
  saveFlowSource,
  startExecution,
} from "./flow-api";
import { useDarkMode } from "../theme/use-dark-mode";
import { FLOW_MODEL_PATH, setupMonaco } from "./monaco-setup";
import { ProblemsPanel } from "./ProblemsPanel";
import { type JsonSchema, type TaskTypeSchema, taskTypes } from "./task-schema";
import { useFlowGraph } from "./useFlowGraph";
import { VisualPane } from "./VisualPane";
import { declaredInputs, type TFlowInput } from "@/lib/flow/flow-inputs";
import { RunDialog } from "../run/RunDialog";

export interface SavedRef {
  namespace: string;
  id: string;
  revision: number;
  savedBy: string | null;
}

type MonacoEditor = Parameters<OnMount>[0];
type Monaco = Parameters<OnMount>[1];

const SAVE_MARKER_OWNER = "osprey-save";

const VIEWS = [
  ["editor", "YAML"],
  ["split", "Both"],
  ["graph", "Graph"],
  ["files", "Files"],
] as const;
type View = (typeof VIEWS)[number][0];

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
  const [ready, setReady] = useState(false);
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
  const graph = useFlowGraph(source, ready);
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
    fetchFlowSchema().then((schema) => {
      installSchemaManifests(schema);
      setupMonaco(schema);
      setTypes(taskTypes(schema as JsonSchema));
      setReady(true);
    });
  }, []);

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
  };

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
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <h1 className="font-semibold" data-testid="flow-title">
          {saved ? (
            <>
              <span className="text-slate-500">{saved.namespace}.</span>
              {saved.id} <span className="text-xs font-normal text-slate-500">rev {saved.revision}</span>
              {saved.savedBy && (
                <span className="ml-2 text-xs font-normal text-slate-500" data-testid="saved-by">
                  saved by {saved.savedBy}
                </span>
              )}
              <a
                href={`/flows/${saved.namespace}/${saved.id}/history`}
                className="ml-2 text-xs font-normal text-sky-700 hover:underline"
              >
                history
              </a>
            </>
          ) : (
            "New flow"
          )}
        </h1>
        {dirty && (
          <span className="text-xs text-amber-700" data-testid="dirty">
            unsaved changes
          </span>
        )}
        <span className="text-sm text-slate-500" data-testid="status">
          {status}
        </span>
        <div className="ml-auto flex gap-2">
          <div
            className="flex overflow-hidden rounded border border-slate-300 text-xs"
            role="group"
            aria-label="Layout"
          >
            {VIEWS.map(([value, label]) => (
              <button
                key={value}
                onClick={() => setView(value)}
                aria-pressed={view === value}
                className={`px-2 py-1 ${view === value ? "bg-slate-800 text-white" : "bg-white hover:bg-slate-100"}`}
              >
                {label}
              </button>
            ))}
          </div>
          <button
            onClick={() => void save()}
            disabled={busy || !canEdit}
            className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
            title="Ctrl/Cmd+S"
          >
            Save
          </button>
          <button
            onClick={() => void run()}
            disabled={busy || !canEdit}
            className="rounded bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50"
            title="Ctrl/Cmd+Enter"
          >
            ▶ Run
          </button>
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <div className={`min-w-0 flex-1 ${view === "graph" ? "hidden" : ""}`} data-testid="editor">
          {ready ? (
            <Editor
              path={FLOW_MODEL_PATH}
              defaultLanguage="yaml"
              defaultValue={initialSource}
              onChange={(v) => setSource(v ?? "")}
              onMount={onMount}
              options={editorOptions}
              theme={dark ? "vs-dark" : "vs"}
            />
          ) : (
            <div className="p-6 text-slate-500">Loading editor…</div>
          )}
        </div>
        {view !== "graph" && <ProblemsPanel problems={problems} onSelect={goTo} />}
        {view === "files" && (
          <div className="w-[60%] min-w-0 border-l border-slate-200" data-testid="files-tab">
            {namespace ? (
              <FilesPane namespace={namespace} canEdit={canEdit} />
            ) : (
              <div className="p-6 text-sm text-slate-500">Give the flow a namespace to see its files.</div>
            )}
          </div>
        )}
        {view !== "editor" && view !== "files" && (
          <div
            className={`min-w-0 border-l border-slate-200 bg-slate-50 ${view === "graph" ? "flex-1" : "w-[42%]"}`}
            data-testid="visual-pane"
          >
            <VisualPane
              source={source}
              graph={graph}
              types={types}
              selected={selected}
              onSelect={selectTask}
              onSource={applySource}
              canEdit={canEdit}
            />
          </div>
        )}
      </div>
    </div>
  );
}
