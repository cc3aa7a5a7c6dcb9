"use client";

import { usePathname } from "next/navigation";
import { UserButton, useAuth } from "@clerk/nextjs";
import { SignInLink, signInPath } from "@/lib/auth/SignInLink";
import { useHydrated } from "@/lib/useHydrated";

/**
 * Clerk's user menu when signed in, a sign-in link when not, a placeholder while unknown.
 * The placeholder also stands until hydration: `<UserButton>` renders from clerk-js's
 * load state, which the server HTML cannot know (see `AfterHydration`).
 */
export function HeaderAccount() {
  const { isLoaded, isSignedIn } = useAuth();
  const hydrated = useHydrated();
  const pathname = usePathname();
  if (!isLoaded || (isSignedIn && !hydrated)) {
    return (
      <span
        aria-hidden="true"
        className="h-8 w-24 animate-pulse rounded-md bg-slate-200"
      />
    );
  }
  if (isSignedIn) return <UserButton />;
  if (pathname.startsWith(signInPath)) return null;
  return <SignInLink />;
}
