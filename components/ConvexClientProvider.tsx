"use client";

import type { ReactNode } from "react";
import { useAuth } from "@clerk/nextjs";
import { ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { publicConfig } from "@/lib/config";

// One client per browser tab. It owns the WebSocket and the token refresh timer.
const convex = new ConvexReactClient(publicConfig.convexUrl);

/**
 * The whole client-side refresh path: `ConvexProviderWithClerk` asks Clerk's
 * `getToken` for a token (with `skipCache` when the Convex client's refresh timer
 * fires) and re-makes that callback when the session or organization changes.
 */
export function ConvexClientProvider({ children }: { children: ReactNode }) {
  return (
    <ConvexProviderWithClerk client={convex} useAuth={useAuth}>
      {children}
    </ConvexProviderWithClerk>
  );
}
