"use client";

import { usePathname } from "next/navigation";
import { UserButton, useAuth } from "@clerk/nextjs";
import { SignInLink, signInPath } from "@/lib/auth/SignInLink";

/** Clerk's user menu when signed in, a sign-in link when not, a placeholder while unknown. */
export function HeaderAccount() {
  const { isLoaded, isSignedIn } = useAuth();
  const pathname = usePathname();
  if (!isLoaded) {
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
