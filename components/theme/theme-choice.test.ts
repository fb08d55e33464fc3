import { describe, expect, it } from "vitest";
import { isDarkChoice, parseThemeChoice, THEME_SCRIPT } from "./theme-choice";

describe("theme choice", () => {
  it("reads what was stored, anything else as system", () => {
    expect(parseThemeChoice("dark")).toBe("dark");
    expect(parseThemeChoice("light")).toBe("light");
    expect(parseThemeChoice(null)).toBe("system");
    expect(parseThemeChoice("purple")).toBe("system");
  });

  it("follows the system only on system", () => {
    expect(isDarkChoice("system", true)).toBe(true);
    expect(isDarkChoice("system", false)).toBe(false);
    expect(isDarkChoice("light", true)).toBe(false);
    expect(isDarkChoice("dark", false)).toBe(true);
  });

  it("has a head script that decides the same way as the toggle", () => {
    for (const stored of [null, "system", "light", "dark", "junk"]) {
      for (const systemDark of [true, false]) {
        const classes = new Set<string>();
        const run = new Function("localStorage", "matchMedia", "document", THEME_SCRIPT);
        run({ getItem: () => stored }, () => ({ matches: systemDark }), {
          documentElement: {
            classList: { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) },
          },
        });
        expect(classes.has("dark"), `${stored} / system dark ${systemDark}`).toBe(
          isDarkChoice(parseThemeChoice(stored), systemDark),
        );
      }
    }
  });
});
