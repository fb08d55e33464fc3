import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { SignOutButton } from "../auth/SignOutButton";
import { ThemeToggle } from "../theme/ThemeToggle";

const navLink = "text-slate-300 hover:text-white focus-visible:text-white";
/** Below 1400 px the theme buttons show their icons only (the names stay for screen readers and titles). */
const compactToggle = "max-[1399px]:[&_button]:text-[0px] max-[1399px]:[&_button>span]:text-xs";

/**
 * The header: one line at 1280 px and wider. KV, secrets and namespace files live on the
 * Namespaces pages, so they take one entry here; admin pages show only to those who may use them.
 */
export function TopNav({ actor }: { actor: Actor | null }) {
  const links: { href: string; label: string; show: boolean }[] = actor
    ? [
        { href: "/", label: "Dashboard", show: true },
        { href: "/flows", label: "Flows", show: true },
        { href: "/executions", label: "Executions", show: true },
        { href: "/triggers", label: "Triggers", show: true },
        { href: "/namespaces", label: "Namespaces", show: true },
        { href: "/task-types", label: "Task types", show: true },
        { href: "/examples", label: "Examples", show: true },
        { href: "/settings", label: "Settings", show: can(actor.role, "settings:read") },
        { href: "/users", label: "Users", show: actor.role === "admin" },
        { href: "/workers", label: "Workers", show: actor.role === "admin" },
      ]
    : [];
  return (
    <header
      className="palette-fixed flex h-12 items-center gap-5 whitespace-nowrap bg-slate-900 px-4 text-sm text-slate-100"
      data-testid="top-nav"
    >
      <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-wide">
        {/* biome-ignore lint/performance/noImgElement: a 24 px static SVG, nothing to optimise */}
        <img src="/osprey.svg" alt="" className="h-6 w-6" />
        Osprey
      </Link>
      {actor && (
        <>
          <nav aria-label="Main" className="flex min-w-0 gap-3 min-[1400px]:gap-4">
            {links
              .filter((l) => l.show)
              .map((l) => (
                <Link key={l.href} href={l.href} className={navLink}>
                  {l.label}
                </Link>
              ))}
          </nav>
          <div className="ml-auto flex shrink-0 items-center gap-4">
            <div className={compactToggle}>
              <ThemeToggle />
            </div>
            <Link href="/account" className={`${navLink} flex min-w-0 items-baseline gap-1`} data-testid="whoami">
              <span className="max-w-36 truncate min-[1400px]:max-w-56" title={actor.email}>
                {actor.email}
              </span>{" "}
              <span className="text-xs text-slate-400">({actor.role})</span>
            </Link>
            <SignOutButton />
          </div>
        </>
      )}
      {!actor && (
        <div className="ml-auto">
          <ThemeToggle />
        </div>
      )}
    </header>
  );
}
