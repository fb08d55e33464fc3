"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { matchesExample, type TExampleSummary } from "@/lib/examples/search-examples";
import { TagChip } from "./TagChip";

interface Props {
  examples: TExampleSummary[];
  tags: { tag: string; count: number }[];
  initialQuery: string;
  initialTag: string;
}

/** The gallery: a card per example, narrowed by the words typed and one tag, both kept in the URL. */
export function ExamplesGallery({ examples, tags, initialQuery, initialTag }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [query, setQuery] = useState(initialQuery);
  const [tag, setTag] = useState(initialTag);
  const shown = useMemo(() => examples.filter((e) => matchesExample(e, { q: query, tag })), [examples, query, tag]);

  // The URL follows the filters (replace: typing is not a trail of history entries), so a link reproduces the view.
  useEffect(() => {
    const params = new URLSearchParams({ ...(query ? { q: query } : {}), ...(tag ? { tag } : {}) });
    const next = params.size ? `${pathname}?${params}` : pathname;
    if (next !== `${window.location.pathname}${window.location.search}`) router.replace(next, { scroll: false });
  }, [query, tag, pathname, router]);

  return (
    <div className="mx-auto max-w-7xl p-6">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Examples <span className="text-slate-500">({examples.length})</span>
        </h1>
        <p className="text-sm text-slate-600">Flows to start from: open one to read it, then Use it in a namespace.</p>
      </div>
      <div className="mb-3">
        <input
          type="search"
          aria-label="Search examples"
          placeholder="search title, description or tag"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="w-80 rounded border border-slate-300 px-2 py-1 text-sm"
          data-testid="examples-search"
        />
      </div>
      <fieldset className="mb-4 flex flex-wrap gap-1.5">
        <legend className="sr-only">Filter by tag</legend>
        <TagChip label="All" pressed={tag === ""} onClick={() => setTag("")} />
        {tags.map((t) => (
          <TagChip
            key={t.tag}
            label={`${t.tag} (${t.count})`}
            pressed={t.tag.toLowerCase() === tag.toLowerCase()}
            onClick={() => setTag(t.tag.toLowerCase() === tag.toLowerCase() ? "" : t.tag)}
            testId={`tag-${t.tag}`}
          />
        ))}
      </fieldset>
      {shown.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No example matches{query ? ` “${query}”` : ""}
          {tag ? ` with the tag ${tag}` : ""}.
        </p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="example-cards">
          {shown.map((e) => (
            <li key={e.id} data-example={e.id}>
              <Link
                href={`/examples/${e.id}`}
                className="flex h-full flex-col gap-2 rounded border border-slate-200 bg-white p-4 hover:border-sky-600 focus-visible:border-sky-600"
              >
                <span className="font-medium text-sky-800">{e.title}</span>
                <span className="line-clamp-3 text-sm text-slate-700">{e.description}</span>
                <span className="mt-auto flex flex-wrap gap-1">
                  {e.tags.map((t) => (
                    <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                      {t}
                    </span>
                  ))}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
