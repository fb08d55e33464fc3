"use client";

import { authClient } from "./auth-client";

export function SignOutButton() {
  const signOut = async () => {
    await authClient.signOut();
    window.location.assign("/sign-in");
  };
  return (
    <button onClick={() => void signOut()} className="text-slate-300 hover:text-white">
      Sign out
    </button>
  );
}
