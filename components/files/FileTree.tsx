"use client";

import type { FileEntry } from "./files-api";

export interface TreeState {
  /** Folder path ("" for the root) → its entries, for every folder loaded. */
  children: Record<string, FileEntry[]>;
  open: Set<string>;
}

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** The namespace's files as a tree: folders open on click (loaded then), files open in the editor. */
export function FileTree({
  state,
  selected,
  canEdit,
  onToggle,
  onOpen,
  onRename,
  onDelete,
}: {
  state: TreeState;
  selected: string | null;
  canEdit: boolean;
  onToggle: (dir: string) => void;
  onOpen: (path: string) => void;
  onRename: (path: string) => void;
  onDelete: (path: string, type: FileEntry["type"]) => void;
}) {
  const rows = (dir: string, depth: number): React.ReactNode[] =>
    (state.children[dir] ?? []).flatMap((entry) => {
      const path = join(dir, entry.fileName);
      const folder = entry.type === "Directory";
      const open = folder && state.open.has(path);
      const row = (
        <li
          key={path}
          data-testid="file-row"
          data-path={path}
          className={`group flex items-center gap-1 rounded px-1 py-0.5 text-sm ${selected === path ? "bg-sky-100" : "hover:bg-slate-100"}`}
          style={{ paddingLeft: `${depth * 12 + 4}px` }}
        >
          <button
            className="min-w-0 flex-1 truncate text-left"
            onClick={() => (folder ? onToggle(path) : onOpen(path))}
            title={`/${path}`}
          >
            <span className="mr-1 inline-block w-3 text-slate-500">{folder ? (open ? "▾" : "▸") : ""}</span>
            <span className={folder ? "font-medium" : ""}>{entry.fileName}</span>
          </button>
          {canEdit && (
            <span className="hidden gap-1 text-xs group-hover:flex">
              <button
                className="text-slate-500 hover:text-slate-900"
                onClick={() => onRename(path)}
                aria-label={`Rename ${path}`}
              >
                rename
              </button>
              <button
                className="text-red-500 hover:text-red-700"
                onClick={() => onDelete(path, entry.type)}
                aria-label={`Delete ${path}`}
              >
                delete
              </button>
            </span>
          )}
        </li>
      );
      return open ? [row, ...rows(path, depth + 1)] : [row];
    });
  const top = rows("", 0);
  return (
    <ul className="space-y-0.5" data-testid="file-tree">
      {top.length > 0 ? top : <li className="px-1 text-sm text-slate-500">No files in this namespace yet.</li>}
    </ul>
  );
}
