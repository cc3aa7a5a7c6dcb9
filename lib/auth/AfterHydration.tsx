"use client";

import type { ReactNode } from "react";
import { useHydrated } from "@/lib/useHydrated";

/**
 * Renders `children` only once React has hydrated, `fallback` before that.
 *
 * Clerk's UI components (`<SignIn>`, `<UserButton>`, …) choose between nothing and their
 * host element from the Clerk instance's `loaded` flag, read during render rather than
 * from React state (`withClerk` in `@clerk/react`). The server always sees "not loaded".
 * When clerk-js finishes loading while hydration is still running (a slow CPU, a fast
 * Clerk origin), the first client render adds an element the server HTML lacks and
 * React throws a hydration mismatch (#418). Wrapping them here makes the first client
 * render match the server's, whatever the timing.
 */
export function AfterHydration({
  children,
  fallback = null,
}: {
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useHydrated() ? children : fallback;
}
