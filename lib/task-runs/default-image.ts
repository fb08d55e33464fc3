import type { TConfig } from "../config";
import type { ScriptLanguage } from "../flow/task-types/script-language";

/** The image a language runs in when the task names none: one place, set by configuration. */
export function defaultImageFor(family: ScriptLanguage["family"], config: TConfig): string {
  switch (family) {
    case "python":
      return config.OSPREY_IMAGE_PYTHON;
    case "shell":
      return config.OSPREY_IMAGE_SHELL;
    case "node":
      return config.OSPREY_IMAGE_NODE;
    case "r":
      return config.OSPREY_IMAGE_R;
    case "julia":
      return config.OSPREY_IMAGE_JULIA;
  }
}
