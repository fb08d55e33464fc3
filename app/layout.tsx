import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { actorOf } from "@/lib/auth/authorize";
import { canSomewhere } from "@/lib/auth/namespace-roles";
import { can } from "@/lib/auth/roles";
import { SignOutButton } from "@/components/auth/SignOutButton";
import { THEME_SCRIPT } from "@/components/theme/theme-choice";
import { ThemeToggle } from "@/components/theme/ThemeToggle";
import "./globals.css";

export const metadata: Metadata = {
  title: "Osprey",
  description: "Author workflows in the browser, run their scripts in isolated Docker containers.",
};

export const dynamic = "force-dynamic";

const navLink = "text-slate-300 hover:text-white";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Only for the header; each page checks the viewer itself (a layout is not re-run on every navigation).
  const actor = await actorOf(await headers());
  return (
    // The theme script sets `dark` on <html> before React runs, so the class differs from the server's.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of ours, no user input */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        {/* Dark in both themes: palette-fixed keeps its light-mode colours under .dark. */}
        <header className="palette-fixed flex h-12 items-center gap-6 bg-slate-900 px-4 text-sm text-slate-100">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-wide">
            <img src="/osprey.svg" alt="" className="h-6 w-6" />
            Osprey
          </Link>
          {actor && (
            <>
              <nav className="flex gap-4">
                <Link href="/" className={navLink}>
                  Dashboard
                </Link>
                <Link href="/flows" className={navLink}>
                  Flows
                </Link>
                <Link href="/executions" className={navLink}>
                  Executions
                </Link>
                <Link href="/triggers" className={navLink}>
                  Triggers
                </Link>
                <Link href="/kv" className={navLink}>
                  KV store
                </Link>
                {canSomewhere(actor, "secret:write") && (
                  <Link href="/secrets" className={navLink}>
                    Secrets
                  </Link>
                )}
                {can(actor.role, "settings:read") && (
                  <Link href="/settings" className={navLink}>
                    Settings
                  </Link>
                )}
                {actor.role === "admin" && (
                  <Link href="/users" className={navLink}>
                    Users
                  </Link>
                )}
                <Link href="/task-types" className={navLink}>
                  Task types
                </Link>
                {actor.role === "admin" && (
                  <Link href="/workers" className={navLink}>
                    Workers
                  </Link>
                )}
              </nav>
              <div className="ml-auto flex items-center gap-4">
                <ThemeToggle />
                <Link href="/account" className={navLink} data-testid="whoami">
                  {actor.email} <span className="text-xs text-slate-400">({actor.role})</span>
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
        <main>{children}</main>
      </body>
    </html>
  );
}
