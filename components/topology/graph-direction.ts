import type { Direction } from "./viewport";

/** One choice for every graph (editor and execution page), kept in the browser. */
const KEY = "osprey.graph.direction";

export function readDirection(): Direction {
  try {
    return localStorage.getItem(KEY) === "TB" ? "TB" : "LR";
  } catch (err) {
    // Storage blocked (a privacy setting): the default, every time.
    console.warn("graph layout not remembered:", err);
    return "LR";
  }
}

export function saveDirection(direction: Direction): void {
  try {
    localStorage.setItem(KEY, direction);
  } catch (err) {
    console.warn("graph layout not remembered:", err);
  }
}
