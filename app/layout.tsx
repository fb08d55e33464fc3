import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { actorOf } from "@/lib/auth/authorize";
import { canSomewhere } from "@/lib/auth/namespace-roles";
import { SignOutButton } from "@/components/auth/SignOutButton";
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
    <html lang="en">
      <body className="min-h-screen">
        <header className="flex h-12 items-center gap-6 bg-slate-900 px-4 text-sm text-slate-100">
          <Link href="/flows" className="flex items-center gap-2 font-semibold tracking-wide">
            <img src="/osprey.svg" alt="" className="h-6 w-6" />
            Osprey
          </Link>
          {actor && (
            <>
              <nav className="flex gap-4">
                <Link href="/flows" className={navLink}>Flows</Link>
                <Link href="/executions" className={navLink}>Executions</Link>
                <Link href="/triggers" className={navLink}>Triggers</Link>
                <Link href="/kv" className={navLink}>KV store</Link>
                {canSomewhere(actor, "secret:write") && <Link href="/secrets" className={navLink}>Secrets</Link>}
                <Link href="/settings" className={navLink}>Settings</Link>
                {actor.role === "admin" && <Link href="/users" className={navLink}>Users</Link>}
              </nav>
              <div className="ml-auto flex items-center gap-4">
                <Link href="/account" className={navLink} data-testid="whoami">
                  {actor.email} <span className="text-xs text-slate-400">({actor.role})</span>
                </Link>
                <SignOutButton />
              </div>
            </>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
