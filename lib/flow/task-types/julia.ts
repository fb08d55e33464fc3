import { defineScriptLanguage } from "./script-language";

export const juliaTasks = defineScriptLanguage({
  family: "julia",
  label: "Julia",
  scriptFile: "main.jl",
  runScript: (file) => `julia "${file}"`,
});
