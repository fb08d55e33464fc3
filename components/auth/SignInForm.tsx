"use client";

import { useState } from "react";
import { sameOriginPath } from "@/lib/auth/safe-next";
import { authClient } from "./auth-client";

export function SignInForm({ next }: { next: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // onSubmit, not a form action: React resets an action's form, and a typo must not cost the email.
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.email({
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    if (error) {
      setBusy(false);
      setError(error.status === 429 ? "Too many attempts. Wait a minute and try again." : "Wrong email or password.");
      return;
    }
    // Only this site: `?next=/%5Cevil.example` must not send a fresh session elsewhere. A full load,
    // so the header shows who is signed in.
    window.location.assign(sameOriginPath(next, window.location.origin));
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3" data-testid="sign-in">
      <label className="block text-sm">
        <span className="text-slate-600">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
        />
      </label>
      <label className="block text-sm">
        <span className="text-slate-600">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        disabled={busy}
        className="w-full rounded bg-sky-700 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
