import { defineScriptLanguage } from "./script-language";

// Kestra's Shell Script runs its text itself as the commands.
export const shellTasks = defineScriptLanguage({
  family: "shell",
  label: "Shell",
  scriptFile: "main.sh",
  runScript: null,
});
