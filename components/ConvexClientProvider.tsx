"use client";

import type { ReactNode } from "react";
import { ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { publicConfig } from "@/lib/config";
import { useAuthForConvex } from "@/lib/auth/useAuthForConvex";

// One client per browser tab, at module scope as in Convex's Next.js templates.
// Constructing it opens nothing: the WebSocket comes with its first use, and
// server renders never use it (see useConnection), so Next.js opens no sockets.
const convex = new ConvexReactClient(publicConfig.convexUrl);

/**
 * The whole client-side refresh path: `ConvexProviderWithClerk` asks Clerk's
 * `getToken` for a token (with `skipCache` when the Convex client's refresh timer
 * fires) and re-makes that callback when the session or organization changes.
 * `useAuthForConvex` is Clerk's `useAuth` whose `getToken` waits a Clerk outage out
 * rather than failing, which the provider would report as a sign-out.
 */
export function ConvexClientProvider({ children }: { children: ReactNode }) {
  return (
    <ConvexProviderWithClerk client={convex} useAuth={useAuthForConvex}>
      {children}
    </ConvexProviderWithClerk>
  );
}
