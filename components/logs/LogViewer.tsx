"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AnsiText } from "./AnsiText";
import { binarySearch, type LogStore } from "./log-store";
import { LogToolbar } from "./LogToolbar";
import { lineFromHash, type TimeMode } from "./log-view-state";
import { type LogRun, runFilterLabel, withDescendants } from "./run-filter";
import { MAX_TASK_RUN_IDS } from "@/lib/logs/task-run-filter";
import { useLogView } from "./useLogView";

const ROW_PX = 20;
const OVERSCAN = 10;
/** More than the rows ever rendered at once: keys by slot let React reuse a row's elements when a
 *  jump (dragging the scrollbar) replaces every visible line, instead of removing and creating them. */
const KEY_SLOTS = 256;

const LEVEL_CLASS: Record<string, string> = {
  ERROR: "text-red-300",
  WARN: "text-amber-300",
  DEBUG: "text-slate-400",
  TRACE: "text-slate-400",
};

// One formatter for all rows: toLocaleTimeString builds a new one per call, which costs whole
// milliseconds per frame when scrolling.
const LOCAL_TIME = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
  hour12: false,
});

function formatTime(ms: number, mode: TimeMode): string {
  return mode === "utc" ? `${new Date(ms).toISOString().slice(11, 23)}Z` : LOCAL_TIME.format(ms);
}

/**
 * The log, virtualized: only the rows on screen exist in the page, so a million lines scroll like
 * ten. Filters and search live in the URL; `#L<seq>` links to a line; following stops when the
 * reader scrolls up. `runs`: the execution's task runs, for the filter by task run (which shows the
 * runs inside the ones chosen too).
 */
export function LogViewer({
  executionId,
  store,
  version,
  live,
  runs = [],
}: {
  executionId: string;
  store: LogStore;
  version: number;
  live: boolean;
  runs?: readonly LogRun[];
}) {
  const { view, setView } = useLogView();

  const levelsKey = view.levels.join(",");
  const runsKey = view.taskRunIds.join(",");
  const taskRunIds = useMemo(() => (runsKey ? withDescendants(runs, runsKey.split(",")) : null), [runs, runsKey]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const indices = useMemo(
    () => store.select({ levels: view.levels, taskId: view.taskId, taskRunIds }),
    [store, version, levelsKey, view.taskId, taskRunIds],
  );
  const matches = useMemo(() => store.search(indices, view.query), [store, indices, view.query]);
  const [matchAt, setMatchAt] = useState(0);
  const [follow, setFollow] = useState(live);
  const [marked, setMarked] = useState<number | null>(null);
  const pendingLink = useRef<number | null>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: indices.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: OVERSCAN,
  });

  const goTo = useCallback(
    (position: number) => {
      setFollow(false);
      virtualizer.scrollToIndex(position, { align: "center" });
    },
    [virtualizer],
  );

  // Follow: keep the newest line in view while new ones arrive.
  useEffect(() => {
    if (follow && indices.length) virtualizer.scrollToIndex(indices.length - 1, { align: "end" });
  }, [follow, indices.length, virtualizer]);
  useEffect(() => setFollow((f) => f && live), [live]);

  // A permalink (#L<seq>) scrolls to its line once that line has arrived, and marks it.
  useEffect(() => {
    pendingLink.current = lineFromHash(window.location.hash);
    const onHash = () => (pendingLink.current = lineFromHash(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    const seq = pendingLink.current;
    if (seq === null) return;
    const position = binarySearch(indices, store.indexOfSeq(seq));
    if (position < 0) return;
    pendingLink.current = null;
    setMarked(seq);
    goTo(position);
  }, [indices, store, goTo]);

  // A new search starts at its first match.
  useEffect(() => {
    setMatchAt(0);
    if (matches.length) goTo(matches[0]);
  }, [view.query, levelsKey, view.taskId, runsKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const onMatch = (delta: 1 | -1) => {
    if (!matches.length) return;
    const next = (matchAt + delta + matches.length) % matches.length;
    setMatchAt(next);
    goTo(matches[next]);
  };
  const firstError = useMemo(() => store.firstError(indices), [store, indices]);
  const downloadQuery = new URLSearchParams(view.taskId ? { taskId: view.taskId } : {});
  // The runs inside the chosen ones too, unless there are more than a URL takes: then the chosen ones.
  const downloadRuns = taskRunIds && taskRunIds.size <= MAX_TASK_RUN_IDS ? taskRunIds : view.taskRunIds;
  for (const id of downloadRuns) downloadQuery.append("taskRunId", id);
  const downloadHref = `/api/v1/logs/${encodeURIComponent(executionId)}/download${downloadQuery.size ? `?${downloadQuery}` : ""}`;
  const currentMatchLine = matches.length ? indices[matches[matchAt]] : -1;

  return (
    <div className="palette-fixed flex h-full flex-col bg-slate-950">
      <LogToolbar
        view={view}
        onView={setView}
        taskIds={store.taskIds()}
        runFilter={runsKey ? runFilterLabel(runs, view.taskRunIds) : null}
        shown={indices.length}
        matchCount={matches.length}
        matchAt={matchAt}
        onMatch={onMatch}
        follow={follow}
        onFollow={() => setFollow(!follow)}
        onFirstError={firstError >= 0 ? () => goTo(firstError) : null}
        downloadHref={downloadHref}
      />
      <div
        ref={scrollRef}
        onWheel={(e) => e.deltaY < 0 && setFollow(false)}
        onKeyDown={(e) => ["ArrowUp", "PageUp", "Home"].includes(e.key) && setFollow(false)}
        onScroll={(e) => {
          const el = e.currentTarget;
          if (follow && el.scrollHeight - el.scrollTop - el.clientHeight > ROW_PX * 3) {
            // a scroll up by the reader (dragging the bar) ends following; our own scrolls land at the end
            setFollow(false);
          }
        }}
        tabIndex={0}
        style={{ contain: "strict" }}
        className="min-h-0 flex-1 overflow-auto font-mono text-xs text-slate-100"
        data-testid="log"
      >
        {indices.length === 0 && (
          <div className="p-2 text-slate-400">
            {store.length ? "No line matches the filters." : "Waiting for log lines…"}
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative", minWidth: "100%" }}>
          {virtualizer.getVirtualItems().map((row) => {
            const i = indices[row.index];
            const line = store.line(i);
            return (
              <div
                key={row.index % KEY_SLOTS}
                id={`L${line.seq}`}
                data-seq={line.seq}
                data-marked={line.seq === marked || undefined}
                style={{
                  position: "absolute",
                  top: 0,
                  left: 0,
                  transform: `translateY(${row.start}px)`,
                  height: ROW_PX,
                }}
                className={`flex w-max min-w-full gap-3 whitespace-pre px-2 leading-5 ${line.stream === "stderr" ? "border-l-2 border-red-500 bg-red-950/40" : "border-l-2 border-transparent"} ${
                  line.seq === marked ? "!bg-yellow-900/60" : i === currentMatchLine ? "bg-sky-900/50" : ""
                }`}
              >
                <a
                  href={`#L${line.seq}`}
                  onClick={(e) => {
                    e.preventDefault();
                    window.history.replaceState(
                      null,
                      "",
                      `${window.location.pathname}${window.location.search}#L${line.seq}`,
                    );
                    setMarked(line.seq);
                  }}
                  className="w-14 shrink-0 select-none text-right text-slate-600 hover:text-sky-400"
                  title="Link to this line"
                >
                  {line.seq}
                </a>
                {view.time !== "off" && (
                  <span className="shrink-0 text-slate-400">{formatTime(line.timestamp, view.time)}</span>
                )}
                <span className={`w-11 shrink-0 ${LEVEL_CLASS[line.level] ?? "text-slate-400"}`}>{line.level}</span>
                <span className="w-24 shrink-0 truncate text-sky-300">{line.taskId ?? ""}</span>
                <span
                  className={`${LEVEL_CLASS[line.level] ?? ""} ${line.stream === "system" ? "italic text-slate-400" : ""}`}
                >
                  <AnsiText text={line.message} query={view.query} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
