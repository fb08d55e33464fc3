"use client";

import { useEffect, useRef, useState } from "react";
import { LogStore } from "./log-store";
import type { ClientLogLine, ClientStateEvent } from "./log-types";

const RENDER_MS = 100;

export interface LogStreamState {
  store: LogStore;
  /** Bumped whenever lines were added: what a view depends on to re-render. */
  version: number;
  connected: boolean;
  ended: { state: string; error: string | null } | null;
}

/**
 * Follows an execution's log over SSE into a LogStore. EventSource resends Last-Event-ID itself on
 * reconnect, so the server resumes after the last line received; a page reload starts over.
 */
export function useLogStream(executionId: string, onState: (e: ClientStateEvent) => void): LogStreamState {
  const store = useRef(new LogStore()).current;
  const [version, setVersion] = useState(0);
  const [connected, setConnected] = useState(false);
  const [ended, setEnded] = useState<LogStreamState["ended"]>(null);
  const onStateRef = useRef(onState);
  onStateRef.current = onState;

  useEffect(() => {
    const source = new EventSource(`/api/v1/logs/${encodeURIComponent(executionId)}/follow`);
    // Renders are spaced: the first batch shows at once, then at most one render per RENDER_MS
    // however many batches arrive (a million stored lines come in hundreds of batches).
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRender = 0;
    const bump = () => {
      frame = 0;
      lastRender = performance.now();
      setVersion((v) => v + 1);
    };
    const schedule = () => {
      if (frame || timer) return;
      const wait = lastRender + RENDER_MS - performance.now();
      if (wait <= 0) frame = requestAnimationFrame(bump);
      else
        timer = setTimeout(() => {
          timer = undefined;
          frame = requestAnimationFrame(bump);
        }, wait);
    };
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("log", (e) => {
      store.push(JSON.parse((e as MessageEvent).data) as ClientLogLine[]);
      schedule();
    });
    source.addEventListener("state", (e) =>
      onStateRef.current(JSON.parse((e as MessageEvent).data) as ClientStateEvent),
    );
    source.addEventListener("end", (e) => {
      const data = JSON.parse((e as MessageEvent).data) as { state: string; error: string | null };
      source.close();
      setConnected(false);
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(timer);
      bump();
      setEnded(data);
    });
    return () => {
      source.close();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [executionId, store]);

  return { store, version, connected, ended };
}
