"use client";

import { usePathname } from "next/navigation";
import { useAuth } from "@/lib/auth/useAuth";
import { SignInLink, signInPath } from "@/lib/auth/SignInLink";
import { UserMenu } from "@/lib/auth/UserMenu";

/** The user menu when signed in, a sign-in link when not, a placeholder while unknown. */
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
  if (isSignedIn) return <UserMenu />;
  if (pathname === signInPath) return null;
  return <SignInLink />;
}
