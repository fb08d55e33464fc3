/** What the docs panel reads of the editor: its text, the cursor's offset, and a call when either moves. */
export interface CursorSource {
  text: () => string;
  offset: () => number;
  onMove: (listener: () => void) => { dispose: () => void };
}
