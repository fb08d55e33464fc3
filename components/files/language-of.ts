/** Monaco's language id for a file name, by its extension (plaintext when unknown). */
const BY_EXTENSION: Record<string, string> = {
  py: "python",
  sql: "sql",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  ts: "typescript",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
  sh: "shell",
  bash: "shell",
  r: "r",
  jl: "julia",
  md: "markdown",
  html: "html",
  css: "css",
  xml: "xml",
  ini: "ini",
  toml: "ini",
  dockerfile: "dockerfile",
  go: "go",
  java: "java",
  rb: "ruby",
  ps1: "powershell",
};

export function languageOf(fileName: string): string {
  const base = fileName.split("/").at(-1)!.toLowerCase();
  if (base === "dockerfile") return "dockerfile";
  const dot = base.lastIndexOf(".");
  return (dot > 0 && BY_EXTENSION[base.slice(dot + 1)]) || "plaintext";
}

/** Bytes that look like text: no NUL in the first 8 KB, as git decides. */
export function looksLikeText(bytes: Uint8Array): boolean {
  return !bytes.subarray(0, 8192).includes(0);
}
