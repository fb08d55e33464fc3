import { defineScriptLanguage } from "./script-language";

export const rTasks = defineScriptLanguage({
  family: "r",
  label: "R",
  scriptFile: "main.R",
  runScript: (file) => `Rscript "${file}"`,
});
