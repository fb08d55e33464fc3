import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Osprey",
  description: "Author workflows in the browser, run their scripts in isolated Docker containers.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="flex h-12 items-center gap-6 bg-slate-900 px-4 text-sm text-slate-100">
          <Link href="/flows" className="flex items-center gap-2 font-semibold tracking-wide">
            <img src="/osprey.svg" alt="" className="h-6 w-6" />
            Osprey
          </Link>
          <nav className="flex gap-4">
            <Link href="/flows" className="hover:text-white text-slate-300">Flows</Link>
            <Link href="/executions" className="hover:text-white text-slate-300">Executions</Link>
            <Link href="/secrets" className="hover:text-white text-slate-300">Secrets</Link>
            <Link href="/settings" className="hover:text-white text-slate-300">Settings</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
