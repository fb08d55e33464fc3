/**
 * The 16 basic ANSI colours, as anser spells them, mapped to shades readable on the log viewer's
 * dark background: anser's are xterm's (blue 0,0,187 and black 0,0,0 all but vanish there).
 * 256-colour and true-colour values pass through, as the script chose them exactly.
 */
const READABLE: Record<string, string> = {
  "0, 0, 0": "#64748b", // black → slate-500
  "187, 0, 0": "#f87171", // red → red-400
  "0, 187, 0": "#4ade80",
  "187, 187, 0": "#facc15",
  "0, 0, 187": "#60a5fa",
  "187, 0, 187": "#e879f9",
  "0, 187, 187": "#22d3ee",
  "255,255,255": "#e2e8f0", // white (anser writes it without spaces) → slate-200
  "85, 85, 85": "#94a3b8", // bright black → slate-400
  "255, 85, 85": "#fca5a5",
  "0, 255, 0": "#86efac",
  "255, 255, 85": "#fde047",
  "85, 85, 255": "#93c5fd",
  "255, 85, 255": "#f0abfc",
  "85, 255, 255": "#67e8f9",
  "255, 255, 255": "#ffffff", // bright white
};

/** A CSS colour for anser's `fg`/`bg` value ("r, g, b"). */
export function ansiColor(rgb: string): string {
  return READABLE[rgb] ?? `rgb(${rgb})`;
}
