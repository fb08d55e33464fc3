"use client";

import { useEffect, useState } from "react";
import { isDarkChoice, parseThemeChoice, THEME_CHOICES, THEME_STORAGE_KEY, type ThemeChoice } from "./theme-choice";

const LABEL: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };
const ICON: Record<ThemeChoice, string> = { system: "◐", light: "☀", dark: "☾" };

/** System / light / dark in the header, remembered in localStorage; "system" follows the OS as it changes. */
export function ThemeToggle() {
  // Read after mount: the server cannot know the stored choice, and the theme script has already applied it.
  const [choice, setChoice] = useState<ThemeChoice | null>(null);
  useEffect(() => setChoice(parseThemeChoice(localStorage.getItem(THEME_STORAGE_KEY))), []);

  useEffect(() => {
    if (!choice) return;
    const media = matchMedia("(prefers-color-scheme: dark)");
    const apply = () => document.documentElement.classList.toggle("dark", isDarkChoice(choice, media.matches));
    apply();
    if (choice !== "system") return;
    media.addEventListener("change", apply);
    return () => media.removeEventListener("change", apply);
  }, [choice]);

  const pick = (next: ThemeChoice) => {
    localStorage.setItem(THEME_STORAGE_KEY, next);
    setChoice(next);
  };

  return (
    <div
      role="radiogroup"
      aria-label="Theme"
      className="flex overflow-hidden rounded border border-slate-700 text-xs"
      data-testid="theme-toggle"
    >
      {THEME_CHOICES.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={choice === c}
          title={`${LABEL[c]} theme`}
          onClick={() => pick(c)}
          className={`px-2 py-0.5 ${choice === c ? "bg-slate-700 text-white" : "text-slate-400 hover:text-white"}`}
        >
          <span aria-hidden>{ICON[c]}</span> {LABEL[c]}
        </button>
      ))}
    </div>
  );
}
