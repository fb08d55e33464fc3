import picomatch from "picomatch";
import { AppError } from "../errors/app-error";

/**
 * Kestra's include/exclude filter for namespace files (its PathMatcherPredicate): a pattern is a
 * glob, or `regex:…` / `glob:…`; a glob that starts with a letter, digit or `_` matches at any
 * depth (`main.py` is `**\/main.py`), and `**` glued to a name crosses folders as Java's does
 * (`**.py` is any .py file). Paths are relative (`scripts/main.py`); a leading `/` in a pattern is
 * dropped. No include means every file; exclude wins over include.
 */
export function fileMatcher(
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): (path: string) => boolean {
  const included = include.length === 0 ? () => true : anyOf(include);
  const excluded = exclude.length === 0 ? () => false : anyOf(exclude);
  return (path) => included(path) && !excluded(path);
}

function anyOf(patterns: readonly string[]): (path: string) => boolean {
  const tests = patterns.map(toTest);
  return (path) => tests.some((t) => t(path));
}

function toTest(pattern: string): (path: string) => boolean {
  if (pattern.startsWith("regex:")) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${pattern.slice("regex:".length)})$`);
    } catch (err) {
      throw new AppError(
        "BAD_REQUEST",
        `namespaceFiles pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`,
      );
    }
    // Kestra matches regexes against the absolute path (`/scripts/main.py`).
    return (path) => re.test(`/${path}`);
  }
  let glob = (pattern.startsWith("glob:") ? pattern.slice("glob:".length) : pattern).replace(/^\/+/, "");
  if (!pattern.startsWith("glob:") && /^\w/.test(glob)) glob = `**/${glob}`;
  // picomatch's `**` is a whole segment only; Java's also crosses folders when glued to a name.
  glob = glob.replace(/\*\*(?=[^/])/g, "**/*").replace(/([^/])\*\*/g, "$1*/**");
  return picomatch(glob, { dot: true });
}
