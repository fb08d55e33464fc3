import type { Metadata } from "next";
import { headers } from "next/headers";
import { actorOf } from "@/lib/auth/authorize";
import { TopNav } from "@/components/nav/TopNav";
import { THEME_SCRIPT } from "@/components/theme/theme-choice";
import "./globals.css";

export const metadata: Metadata = {
  title: "Osprey",
  description: "Author workflows in the browser, run their scripts in isolated Docker containers.",
};

export const dynamic = "force-dynamic";

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
        <TopNav actor={actor} />
        <main>{children}</main>
      </body>
    </html>
  );
}
