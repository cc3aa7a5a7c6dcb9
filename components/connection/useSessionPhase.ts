"use client";

import { useAuth, useClerk } from "@clerk/nextjs";
import { readSessionPhase, type SessionPhase } from "./connectionState";

/** Clerk's side of the session, read the same way by the header and the pages. */
export function useSessionPhase(): SessionPhase {
  const { isLoaded, isSignedIn } = useAuth();
  // `loaded` is read on every render useAuth triggers, so it is current.
  const { loaded } = useClerk();
  return readSessionPhase({ clerkLoaded: loaded, isLoaded, isSignedIn });
}
