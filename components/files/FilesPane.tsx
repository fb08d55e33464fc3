"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { FileTree, type TreeState } from "./FileTree";
import { type FileEntry, namespaceFilesApi } from "./files-api";
import { languageOf, looksLikeText } from "./language-of";

type Prompt = { kind: "file" | "folder" | "rename"; from?: string; value: string };
type OpenFile = { path: string; text: string | null; size: number; saved: string | null };

/**
 * The Files tab: the namespace's files as a tree (create, rename, delete, upload) and the open
 * file in Monaco, highlighted by extension; Ctrl/Cmd+S saves it.
 */
export function FilesPane({ namespace, canEdit }: { namespace: string; canEdit: boolean }) {
  const api = useMemo(() => namespaceFilesApi(namespace), [namespace]);
  const [tree, setTree] = useState<TreeState>({ children: {}, open: new Set() });
  const [file, setFile] = useState<OpenFile | null>(null);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [status, setStatus] = useState("");
  const uploadRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef(file);
  fileRef.current = file;

  const fail = (err: unknown) => setStatus(err instanceof Error ? err.message : String(err));

  /** Lists the root and every open folder again (after any change). */
  const refresh = useCallback(
    async (open: Set<string> = tree.open) => {
      const dirs = ["", ...[...open].sort()];
      const children: Record<string, FileEntry[]> = {};
      for (const dir of dirs) {
        // A folder renamed or deleted meanwhile is simply closed.
        children[dir] = await api.list(dir).catch(() => []);
      }
      setTree({ children, open });
    },
    [api, tree.open],
  );

  useEffect(() => {
    void refresh(new Set()).catch(fail);
    // The namespace changed: start from its root.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  const toggle = (dir: string) => {
    const open = new Set(tree.open);
    if (open.has(dir)) open.delete(dir);
    else open.add(dir);
    void refresh(open).catch(fail);
  };

  /** Opens every folder on the way to `path`, so the new or moved file shows. */
  const withParents = (path: string) => {
    const open = new Set(tree.open);
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) open.add(parts.slice(0, i).join("/"));
    return open;
  };

  const openFile = async (path: string) => {
    try {
      const bytes = await api.read(path);
      const text = looksLikeText(bytes) ? new TextDecoder().decode(bytes) : null;
      setFile({ path, text, size: bytes.length, saved: text });
      setStatus("");
    } catch (err) {
      fail(err);
    }
  };

  const save = useCallback(async () => {
    const current = fileRef.current;
    if (!current || current.text === null || !canEdit) return;
    try {
      await api.write(current.path, current.text);
      setFile({ ...current, saved: current.text });
      setStatus(`Saved /${current.path}`);
    } catch (err) {
      fail(err);
    }
  }, [api, canEdit]);
  const saveRef = useRef(save);
  saveRef.current = save;

  const submitPrompt = async () => {
    if (!prompt) return;
    const value = prompt.value.trim().replace(/^\/+/, "");
    if (!value) return;
    try {
      if (prompt.kind === "file") {
        await api.write(value, "");
        await refresh(withParents(value));
        await openFile(value);
      } else if (prompt.kind === "folder") {
        await api.makeDirectory(value);
        await refresh(withParents(`${value}/x`));
      } else if (prompt.from) {
        await api.move(prompt.from, value);
        if (file && (file.path === prompt.from || file.path.startsWith(`${prompt.from}/`)))
          setFile({ ...file, path: value + file.path.slice(prompt.from.length) });
        await refresh(withParents(value));
      }
      setPrompt(null);
      setStatus("");
    } catch (err) {
      fail(err);
    }
  };

  const remove = async (path: string, type: FileEntry["type"]) => {
    if (
      !window.confirm(
        `Delete ${type === "Directory" ? "the folder" : ""} /${path}${type === "Directory" ? " and everything in it" : ""}?`,
      )
    )
      return;
    try {
      await api.remove(path);
      if (file && (file.path === path || file.path.startsWith(`${path}/`))) setFile(null);
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  const upload = async (files: FileList | null) => {
    if (!files) return;
    // Into the folder of the open file, else the root.
    const dir = file?.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : "";
    try {
      for (const f of Array.from(files)) await api.write(dir ? `${dir}/${f.name}` : f.name, f, f.name);
      setStatus(`Uploaded ${files.length} file${files.length === 1 ? "" : "s"}`);
      await refresh(dir ? withParents(`${dir}/x`) : tree.open);
    } catch (err) {
      fail(err);
    }
  };

  const onMount: OnMount = (editor, monaco) => {
    // An action belongs to this editor: the flow editor's own Ctrl+S keeps saving the flow.
    editor.addAction({
      id: "osprey.saveNamespaceFile",
      label: "Save file",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
      run: () => void saveRef.current(),
    });
    editor.focus();
  };

  const dirty = file !== null && file.text !== file.saved;
  return (
    <div className="flex h-full min-h-0" data-testid="files-pane">
      <div className="flex w-48 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="flex flex-wrap gap-1 border-b border-slate-200 p-2 text-xs">
          <span className="w-full truncate font-medium text-slate-600" title={namespace}>
            {namespace}
          </span>
          {canEdit && (
            <>
              <button
                className="rounded border border-slate-300 px-1.5 py-0.5 hover:bg-slate-100"
                onClick={() => setPrompt({ kind: "file", value: "" })}
              >
                + File
              </button>
              <button
                className="rounded border border-slate-300 px-1.5 py-0.5 hover:bg-slate-100"
                onClick={() => setPrompt({ kind: "folder", value: "" })}
              >
                + Folder
              </button>
              <button
                className="rounded border border-slate-300 px-1.5 py-0.5 hover:bg-slate-100"
                onClick={() => uploadRef.current?.click()}
              >
                Upload
              </button>
              <input
                ref={uploadRef}
                type="file"
                multiple
                hidden
                data-testid="file-upload"
                onChange={(e) => void upload(e.target.files).finally(() => (e.target.value = ""))}
              />
            </>
          )}
        </div>
        {prompt && (
          <form
            className="border-b border-slate-200 p-2"
            onSubmit={(e) => {
              e.preventDefault();
              void submitPrompt();
            }}
          >
            <input
              autoFocus
              aria-label={prompt.kind === "rename" ? "New path" : `New ${prompt.kind} path`}
              className="w-full rounded border border-slate-300 px-1 py-0.5 text-sm"
              placeholder={prompt.kind === "folder" ? "scripts" : "scripts/main.py"}
              value={prompt.value}
              onChange={(e) => setPrompt({ ...prompt, value: e.target.value })}
              onKeyDown={(e) => e.key === "Escape" && setPrompt(null)}
            />
          </form>
        )}
        <div className="min-h-0 flex-1 overflow-auto p-1">
          <FileTree
            state={tree}
            selected={file?.path ?? null}
            canEdit={canEdit}
            onToggle={toggle}
            onOpen={(p) => void openFile(p)}
            onRename={(p) => setPrompt({ kind: "rename", from: p, value: p })}
            onDelete={(p, t) => void remove(p, t)}
          />
        </div>
        {status && (
          <div className="border-t border-slate-200 p-2 text-xs text-slate-600" data-testid="files-status">
            {status}
          </div>
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        {file ? (
          <>
            <div className="flex items-center gap-2 border-b border-slate-200 bg-white px-3 py-1 text-xs">
              <span className="font-mono" data-testid="open-file">
                /{file.path}
              </span>
              {dirty && <span className="text-amber-700">unsaved</span>}
              <span className="ml-auto text-slate-500" data-testid="file-language">
                {languageOf(file.path)}
              </span>
              {canEdit && file.text !== null && (
                <button
                  className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
                  onClick={() => void save()}
                  title="Ctrl/Cmd+S"
                >
                  Save file
                </button>
              )}
            </div>
            {file.text === null ? (
              <div className="p-4 text-sm text-slate-500">Binary file, {file.size} bytes: not shown.</div>
            ) : (
              <div className="min-h-0 flex-1" data-testid="file-editor">
                <Editor
                  key={file.path}
                  path={`nsfile:///${namespace}/${file.path}`}
                  language={languageOf(file.path)}
                  value={file.text}
                  onChange={(v) => setFile((f) => (f ? { ...f, text: v ?? "" } : f))}
                  onMount={onMount}
                  options={{
                    readOnly: !canEdit,
                    minimap: { enabled: false },
                    fontSize: 13,
                    scrollBeyondLastLine: false,
                  }}
                />
              </div>
            )}
          </>
        ) : (
          <div className="p-6 text-sm text-slate-500">
            Pick a file, or create one. Tasks copy them in with `namespaceFiles: {"{"}enabled: true{"}"}`; `
            {"{{ read('path') }}"}` reads one.
          </div>
        )}
      </div>
    </div>
  );
}
