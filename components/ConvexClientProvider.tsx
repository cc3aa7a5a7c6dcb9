"use client";

import type { ReactNode } from "react";
import { ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { publicConfig } from "@/lib/config";
import { useAuth } from "@/lib/auth/useAuth";

// One client per browser tab. It owns the WebSocket and the token refresh timer.
const convex = new ConvexReactClient(publicConfig.convexUrl);

/**
 * The whole client-side refresh path: `ConvexProviderWithClerk` asks `useAuth().getToken`
 * for a token (forced when the Convex client's refresh timer fires) and re-makes that
 * callback when the session changes. In local mode `useAuth` is the local provider's
 * Clerk-compatible hook; nothing else differs.
 */
export function ConvexClientProvider({ children }: { children: ReactNode }) {
  return (
    <ConvexProviderWithClerk client={convex} useAuth={useAuth}>
      {children}
    </ConvexProviderWithClerk>
  );
}
