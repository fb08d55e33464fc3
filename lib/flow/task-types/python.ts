import { defineScriptLanguage } from "./script-language";

export const pythonTasks = defineScriptLanguage({
  family: "python",
  label: "Python",
  scriptFile: "main.py",
  runScript: (file) => `python "${file}"`,
  // Without it, prints sit in Python's buffer and the log is not live.
  env: { PYTHONUNBUFFERED: "1" },
});
