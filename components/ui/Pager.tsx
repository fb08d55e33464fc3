import Link from "next/link";

/**
 * Previous / next links for a list whose page is in the URL (`page`), keeping its other query
 * parameters. `total` may be a lower bound (`capped`): the last page is then unknown, so "next"
 * stays while the page is full.
 */
export function Pager({
  path,
  query,
  page,
  size,
  shown,
  total,
  capped = false,
}: {
  path: string;
  query: Record<string, string | undefined>;
  page: number;
  size: number;
  shown: number;
  total: number;
  capped?: boolean;
}) {
  const last = capped ? undefined : Math.max(1, Math.ceil(total / size));
  const hasNext = last === undefined ? shown === size : page < last;
  const at = (p: number) => {
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== "" && e[0] !== "page"),
    );
    if (p > 1) params.set("page", String(p));
    const text = params.toString();
    return text ? `${path}?${text}` : path;
  };
  const link = "rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-50";
  if (page === 1 && !hasNext) return null;
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-2 text-sm" data-testid="pager">
      {page > 1 && (
        <Link href={at(page - 1)} className={link} rel="prev">
          Previous
        </Link>
      )}
      <span className="text-slate-600" aria-current="page">
        Page {page.toLocaleString("en")}
        {last !== undefined && ` of ${last.toLocaleString("en")}`}
      </span>
      {hasNext && (
        <Link href={at(page + 1)} className={link} rel="next">
          Next
        </Link>
      )}
    </nav>
  );
}

/** A total as the list's heading shows it: "10,000+" when counting stopped there. */
export function formatTotal(total: number, capped: boolean): string {
  return `${total.toLocaleString("en")}${capped ? "+" : ""}`;
}
