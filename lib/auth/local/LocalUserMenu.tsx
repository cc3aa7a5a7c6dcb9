"use client";

import { useState } from "react";
import { useLocalAuthContext } from "./LocalAuthProvider";

/** Local stand-in for Clerk's `<UserButton>`: who is signed in, and a sign-out button. */
export function LocalUserMenu() {
  const { session, signOut } = useLocalAuthContext();
  const [busy, setBusy] = useState(false);
  if (!session?.signedIn) return null;

  async function handleSignOut() {
    setBusy(true);
    try {
      // Like Clerk's <UserButton>: end the session, then load the signed-out home page.
      await signOut({ redirectUrl: "/" });
    } catch {
      setBusy(false);
    }
  }

  return (
    <div className="flex items-center gap-3" data-testid="user-menu">
      <div className="text-right leading-tight">
        <p className="text-sm font-medium text-slate-900">
          {session.user.name}
        </p>
        <p className="text-xs text-slate-500">{session.user.email}</p>
      </div>
      <button
        type="button"
        onClick={handleSignOut}
        disabled={busy}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50"
      >
        {busy ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
