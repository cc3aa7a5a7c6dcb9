"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { signInPath, signInUrlFor } from "./paths";

export { signInPath };

/** A link to the sign-in page that brings the user back here afterwards. */
export function SignInLink({
  children = "Sign in",
  className = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
  redirectUrl,
}: {
  children?: ReactNode;
  className?: string;
  /** Where to return after signing in; defaults to the current page. */
  redirectUrl?: string;
}) {
  const pathname = usePathname();
  return (
    <Link
      href={signInUrlFor(redirectUrl ?? pathname ?? "/")}
      className={className}
    >
      {children}
    </Link>
  );
}
