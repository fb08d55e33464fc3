// The paths inside an archive, checked before anything is stored or written (no zip slip): an entry
// is a relative path that stays inside the archive, and so is where a link of it leads.

const CONTROL = /[\u0000-\u001f\u007f]/;

/** `name` as a clean relative path (`a/./b/` → `a/b`), or an error saying why it is refused. */
export function entryPath(name: string): string {
  const refuse = (why: string) => new Error(`archive entry ${JSON.stringify(name)} refused: ${why}`);
  if (CONTROL.test(name)) throw refuse("its name holds a control character");
  // ZIP and TAR separate with `/`; a backslash is a Windows path the storage would not read the same.
  if (name.includes("\\")) throw refuse("its name holds a backslash");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) throw refuse("absolute path");
  const segments = name.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw refuse("a `..` segment leads outside the archive");
  if (segments.length === 0) throw refuse("empty name");
  return segments.join("/");
}

/**
 * Where a link entry leads, as a path inside the archive: a symlink's target is relative to the
 * link's folder, a hard link's to the archive's root. Absolute targets and any leading outside are refused.
 */
export function linkTarget(linkPath: string, target: string, kind: "symlink" | "hard link"): string {
  const refuse = (why: string) =>
    new Error(`archive entry ${JSON.stringify(linkPath)} refused: a ${kind} to ${JSON.stringify(target)} ${why}`);
  if (target === "" || CONTROL.test(target) || target.includes("\\")) throw refuse("is not a plain path");
  if (target.startsWith("/") || /^[A-Za-z]:/.test(target)) throw refuse("(absolute) leads outside the archive");
  const resolved = kind === "symlink" ? linkPath.split("/").slice(0, -1) : [];
  for (const segment of target.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") resolved.push(segment);
    else if (resolved.pop() === undefined) throw refuse("leads outside the archive");
  }
  if (resolved.length === 0) throw refuse("leads to the archive's root");
  return resolved.join("/");
}

/** The name an extracted file is stored under: spaces become `_`, as Kestra stores them. */
export function storedName(path: string): string {
  return path.replaceAll(" ", "_");
}
