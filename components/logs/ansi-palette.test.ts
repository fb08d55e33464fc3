import Anser from "anser";
import { describe, expect, it } from "vitest";
import { ansiColor } from "./ansi-palette";

const fgOf = (sgr: string) => Anser.ansiToJson(`\x1b[${sgr}mx`, { json: true, remove_empty: true })[0].fg;

describe("ansiColor", () => {
  it("lightens the basic colours that vanish on a dark background", () => {
    expect(ansiColor(fgOf("34"))).toBe("#60a5fa"); // blue
    expect(ansiColor(fgOf("30"))).toBe("#64748b"); // black
    expect(ansiColor(fgOf("31"))).toBe("#f87171"); // red
    expect(ansiColor(fgOf("94"))).toBe("#93c5fd"); // bright blue
  });

  it("tells white from bright white", () => {
    expect(ansiColor(fgOf("37"))).toBe("#e2e8f0");
    expect(ansiColor(fgOf("97"))).toBe("#ffffff");
  });

  it("keeps exact 256-colour and true colours", () => {
    expect(ansiColor(fgOf("38;2;10;20;30"))).toBe("rgb(10, 20, 30)");
    expect(ansiColor(fgOf("38;5;208"))).toMatch(/^rgb\(/);
  });
});
