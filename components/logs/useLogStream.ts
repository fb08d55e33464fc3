"use client";

import { useEffect, useRef, useState } from "react";
import { LogStore } from "./log-store";
import type { ClientLogLine, ClientStateEvent } from "./log-types";

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
    // One render per frame however many batches arrive in it.
    let frame = 0;
    const bump = () => {
      frame = 0;
      setVersion((v) => v + 1);
    };
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("log", (e) => {
      store.push(JSON.parse((e as MessageEvent).data) as ClientLogLine[]);
      frame ||= requestAnimationFrame(bump);
    });
    source.addEventListener("state", (e) => onStateRef.current(JSON.parse((e as MessageEvent).data) as ClientStateEvent));
    source.addEventListener("end", (e) => {
      const data = JSON.parse((e as MessageEvent).data) as { state: string; error: string | null };
      source.close();
      setConnected(false);
      if (frame) cancelAnimationFrame(frame);
      bump();
      setEnded(data);
    });
    return () => {
      source.close();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [executionId, store]);

  return { store, version, connected, ended };
}
