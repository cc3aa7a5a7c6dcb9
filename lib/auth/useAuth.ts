"use client";

import { useAuth as useClerkAuth } from "@clerk/nextjs";
import { publicConfig } from "@/lib/config";
import { useLocalAuth } from "./local/LocalAuthProvider";
import type { AuthState } from "./types";

/**
 * The one `useAuth` the app uses (passed to ConvexProviderWithClerk). Clerk's hook in
 * clerk mode, the local provider's Clerk-compatible hook in local mode. Chosen once at
 * module load, never per render, so the hook order inside components stays stable.
 */
export const useAuth: () => AuthState =
  publicConfig.authMode === "clerk"
    ? (useClerkAuth as () => AuthState)
    : useLocalAuth;
