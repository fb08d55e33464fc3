import { defineScriptLanguage } from "./script-language";

export const nodeTasks = defineScriptLanguage({
  family: "node",
  label: "Node.js",
  scriptFile: "main.js",
  runScript: (file) => `node "${file}"`,
});
