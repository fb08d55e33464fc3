/**
 * Where to go after signing in: `next` only when it stays on `origin`, as path + query + hash;
 * anything else goes to "/". The URL parser decides, not a prefix test, because browsers read
 * `/\evil`, `/<tab>/evil` and `\/evil` as `//evil` (another site), and `/.//evil` resolves to a
 * path `//evil` that would leave the site once assigned.
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string {
  if (!next) return "/";
  const own = new URL(origin).origin;
  const path = pathOnOrigin(next, own);
  // Re-resolving the result must land on the same place (catches `//evil` produced by dot segments).
  return path !== null && pathOnOrigin(path, own) === path ? path : "/";
}

function pathOnOrigin(target: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return null;
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : null;
}
