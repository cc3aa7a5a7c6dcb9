"use client";

import { useCallback, useEffect, useMemo, useRef } from "react";
import { useAuth, useClerk } from "@clerk/nextjs";
import { patientToken } from "./patientToken";

type GetTokenOptions = { template?: "convex"; skipCache?: boolean };

/**
 * Clerk's `useAuth`, for `ConvexProviderWithClerk`, with one change: `getToken` waits
 * out a Clerk outage instead of failing (see `patientToken.ts`). Everything else,
 * including the values the provider re-authenticates on, is Clerk's own.
 */
export function useAuthForConvex() {
  const auth = useAuth();
  const clerk = useClerk();
  const latest = useRef({ auth, clerk });
  useEffect(() => {
    latest.current = { auth, clerk };
  });

  const getToken = useCallback(async (options: GetTokenOptions) => {
    const sessionId = latest.current.auth.sessionId;
    return patientToken({
      getToken: () => latest.current.auth.getToken(options),
      probe: async () => {
        const session = latest.current.clerk.session;
        if (!session) throw new Error("There is no session to touch.");
        await session.touch();
      },
      isCurrent: () =>
        latest.current.auth.isSignedIn === true &&
        latest.current.auth.sessionId === sessionId,
    });
  }, []);

  return useMemo(() => ({ ...auth, getToken }), [auth, getToken]);
}
