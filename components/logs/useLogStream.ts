"use client";

import { useEffect, useRef, useState } from "react";
import type { ClientLogLine, ClientStateEvent } from "./log-types";

export interface LogStreamState {
  lines: ClientLogLine[];
  connected: boolean;
  ended: { state: string; error: string | null } | null;
}

/**
 * Follows an execution's log over SSE. EventSource resends Last-Event-ID itself on reconnect, so
 * the server resumes after the last line received; a page reload starts over from the first line.
 */
export function useLogStream(executionId: string, onState: (e: ClientStateEvent) => void): LogStreamState {
  const [lines, setLines] = useState<ClientLogLine[]>([]);
  const [connected, setConnected] = useState(false);
  const [ended, setEnded] = useState<LogStreamState["ended"]>(null);
  const onStateRef = useRef(onState);
  onStateRef.current = onState;

  useEffect(() => {
    const source = new EventSource(`/api/v1/logs/${encodeURIComponent(executionId)}/follow`);
    // Batch renders: many SSE events may arrive within one frame.
    let pending: ClientLogLine[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      setLines((prev) => prev.concat(batch));
    };
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("log", (e) => {
      pending.push(...(JSON.parse((e as MessageEvent).data) as ClientLogLine[]));
      frame ||= requestAnimationFrame(flush);
    });
    source.addEventListener("state", (e) => onStateRef.current(JSON.parse((e as MessageEvent).data) as ClientStateEvent));
    source.addEventListener("end", (e) => {
      const data = JSON.parse((e as MessageEvent).data) as { state: string; error: string | null };
      source.close();
      setConnected(false);
      if (frame) cancelAnimationFrame(frame);
      flush();
      setEnded(data);
    });
    return () => {
      source.close();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [executionId]);

  return { lines, connected, ended };
}
