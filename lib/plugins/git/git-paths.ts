import picomatch from "picomatch";
import { ValueError } from "../../values/values";

// Paths in a repository and the patterns that pick them: `gitDirectory`, `.kestraignore` (gitignore
// rules, as Kestra's KestraIgnore reads them), and the `flows` / `files` globs of the push tasks.

/** A folder of the repository (`gitDirectory`, `flowPath`): relative, inside it; "" is its root. */
export function repoPath(value: unknown, property: string): string {
  const given = String(value ?? "").trim();
  const parts = given.split("/").filter((p) => p !== "" && p !== ".");
  if (given.startsWith("/") || parts.some((p) => p === ".." || p === ".git"))
    throw new ValueError(`${property} "${given}" must be a relative path inside the repository`);
  return parts.join("/");
}

/** `dir/rel`, or `rel` at the repository's root. */
export const joinRepo = (dir: string, rel: string): string => (dir === "" ? rel : `${dir}/${rel}`);

/** Files git itself keeps, never synced (Kestra's PATH_TO_IGNORE), and the ignore file. */
export const KESTRA_IGNORE = ".kestraignore";
const GIT_FILES = new Set([".gitignore", ".gitkeep", KESTRA_IGNORE]);
export const isGitFile = (rel: string): boolean => GIT_FILES.has(rel.split("/").pop() ?? "");

interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  test: (path: string) => boolean;
}

/** A `.kestraignore` (gitignore syntax): whether a path relative to its folder is ignored. */
export function kestraIgnore(text: string | undefined): (rel: string) => boolean {
  const rules = (text ?? "").split(/\r?\n/).flatMap((line): IgnoreRule[] => {
    let pattern = line.replace(/(?<!\\)\s+$/, "");
    if (pattern === "" || pattern.startsWith("#")) return [];
    const negate = pattern.startsWith("!");
    if (negate) pattern = pattern.slice(1);
    pattern = pattern.replace(/^\\(?=[#!])/, "");
    const dirOnly = pattern.endsWith("/");
    pattern = pattern.replace(/\/+$/, "");
    if (pattern === "") return [];
    // A slash at the start or in the middle anchors it to the folder; else it matches at any depth.
    const anchored = pattern.includes("/");
    const glob = anchored ? pattern.replace(/^\//, "") : `**/${pattern}`;
    return [{ negate, dirOnly, test: picomatch(glob, { dot: true }) }];
  });
  if (rules.length === 0) return () => false;
  return (rel) => {
    const parts = rel.split("/");
    // A file is ignored when it or a folder above it is: the last rule that matches decides.
    let ignored = false;
    for (const rule of rules) {
      const hit = parts.some((_, i) => {
        const isDir = i < parts.length - 1;
        return (!rule.dirOnly || isDir) && rule.test(parts.slice(0, i + 1).join("/"));
      });
      if (hit) ignored = !rule.negate;
    }
    return ignored;
  };
}

/** Kestra's `flows` / `files` value: a glob, a JSON list of globs, or a list; null when not given. */
export function globList(value: unknown, property: string): string[] | null {
  if (value === undefined || value === null || value === "") return null;
  if (Array.isArray(value)) return value.map(String);
  const text = String(value);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // Not JSON: one glob, as Kestra reads it.
  }
  if (text.trim() === "") throw new ValueError(`${property} must be a glob or a list of globs`);
  return [text];
}

/** Java's glob (`**` also crosses folders when glued to a name), as picomatch reads globs. */
function javaGlob(glob: string): (path: string) => boolean {
  return picomatch(glob.replace(/\*\*(?=[^/])/g, "**/*").replace(/([^/])\*\*/g, "$1*/**"), { dot: true });
}

/** PushFlows' `flows`: globs of flow ids; all when none. */
export function idMatcher(globs: string[] | null): (id: string) => boolean {
  if (!globs) return () => true;
  const tests = globs.map(javaGlob);
  return (id) => tests.some((t) => t(id));
}

/**
 * PushNamespaceFiles' `files`: Kestra's PathMatcherPredicate over a file's path (`scripts/a.py`): a
 * glob, or `regex:` / `glob:`; a glob that starts with a letter, digit or `_` matches at any depth.
 */
export function fileMatcher(globs: string[] | null): (path: string) => boolean {
  if (!globs) return () => true;
  const tests = globs.map((pattern): ((path: string) => boolean) => {
    if (pattern.startsWith("regex:")) {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${pattern.slice("regex:".length)})$`);
      } catch (err) {
        throw new ValueError(`files pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${err}`);
      }
      return (path) => re.test(`/${path}`);
    }
    let glob = (pattern.startsWith("glob:") ? pattern.slice("glob:".length) : pattern).replace(/^\/+/, "");
    if (!pattern.startsWith("glob:") && /^\w/.test(glob)) glob = `**/${glob}`;
    return javaGlob(glob);
  });
  return (path) => tests.some((t) => t(path));
}
