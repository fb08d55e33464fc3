import { authHeaders } from "./fixtures";

/** A minimal SSE reader (signed in with the admin's API token) over fetch for tests: yields parsed events until the stream ends or `stop()`. */
export interface ReceivedEvent {
  event: string;
  id?: string;
  data: string;
}

export async function readSse(
  url: string,
  headers: Record<string, string>,
  onEvent: (e: ReceivedEvent) => boolean | void,
): Promise<{ stoppedEarly: boolean }> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { Accept: "text/event-stream", ...authHeaders(), ...headers },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`SSE request failed with ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { stoppedEarly: false };
    buffer += decoder.decode(value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const e: ReceivedEvent = { event: "message", data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const [field, ...rest] = line.split(":");
        const value = rest.join(":").replace(/^ /, "");
        if (field === "event") e.event = value;
        else if (field === "id") e.id = value;
        else if (field === "data") data.push(value);
      }
      if (data.length === 0) continue;
      e.data = data.join("\n");
      if (onEvent(e) === false) {
        controller.abort();
        return { stoppedEarly: true };
      }
    }
  }
}
