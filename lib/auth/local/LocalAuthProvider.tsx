"use client";

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import type { AuthState, GetTokenOptions } from "@/lib/auth/types";
import { localAuthApiPath } from "@/lib/auth/paths";
import { signedOutSession, type PublicSession } from "./publicSession";

/**
 * A cached token is reused until it has less than this left. The Convex client's own
 * scheduled refreshes always pass `skipCache: true`, so this only affects other callers
 * (and the first fetch after a re-render), never hands out a nearly expired token.
 */
export const TOKEN_REUSE_MARGIN_MS = 15_000;

type CachedToken = { token: string; expiresAt: number };

type SignInResult = { ok: true } | { ok: false; error: string };

type LocalAuthContextValue = {
  /** `undefined` until the session is known. */
  session: PublicSession | undefined;
  getToken: (options?: GetTokenOptions) => Promise<string | null>;
  signIn: (input: { name: string; email: string }) => Promise<SignInResult>;
  /**
   * Ends the session. Without options the page stays and `isSignedIn` flips to false at
   * once (ConvexProviderWithClerk then clears Convex auth). With `redirectUrl`, like
   * Clerk's `signOut({ redirectUrl })`, the browser loads that page once the server has
   * revoked the session, so no protected view re-renders without its identity.
   */
  signOut: (options?: { redirectUrl?: string }) => Promise<void>;
};

const LocalAuthContext = createContext<LocalAuthContextValue | null>(null);

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // Not JSON; fall through to the status line.
  }
  return `Request failed with status ${response.status}`;
}

/**
 * Client half of the local identity provider. `initialSession` comes from the server
 * layout (read from the session cookie), so the first render already knows who is
 * signed in; without it the provider asks GET /session after mounting.
 */
export function LocalAuthProvider({
  initialSession,
  children,
}: {
  initialSession?: PublicSession;
  children: ReactNode;
}) {
  const [session, setSession] = useState<PublicSession | undefined>(
    initialSession,
  );
  const sessionRef = useRef(session);
  const cacheRef = useRef<CachedToken | null>(null);
  const inFlightRef = useRef<Promise<string | null> | null>(null);
  // Bumped whenever the session changes, so a token fetched for an older session is dropped.
  const generationRef = useRef(0);

  const applySession = useCallback((next: PublicSession) => {
    if (sessionRef.current?.sessionId !== next.sessionId) {
      generationRef.current += 1;
      cacheRef.current = null;
      inFlightRef.current = null;
    }
    sessionRef.current = next;
    setSession(next);
  }, []);

  // The server layout re-renders after router.refresh(); follow it if the session changed.
  const serverSessionId = initialSession?.sessionId;
  useEffect(() => {
    if (initialSession && serverSessionId !== sessionRef.current?.sessionId) {
      applySession(initialSession);
    }
    // Only a different session id matters; the object itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverSessionId, applySession]);

  useEffect(() => {
    if (sessionRef.current !== undefined) return;
    let cancelled = false;
    fetch(`${localAuthApiPath}/session`, { credentials: "same-origin" })
      .then(async (response) =>
        response.ok ? ((await response.json()) as PublicSession) : null,
      )
      .catch(() => null)
      .then((loaded) => {
        if (!cancelled && sessionRef.current === undefined) {
          applySession(loaded ?? signedOutSession);
        }
      });
    return () => {
      cancelled = true;
    };
  }, [applySession]);

  const fetchToken = useCallback(async (): Promise<string | null> => {
    const generation = generationRef.current;
    const response = await fetch(`${localAuthApiPath}/token`, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (generation !== generationRef.current) return null;
    if (response.status === 401) {
      // Signed out elsewhere or revoked: behave like Clerk after sign-out.
      applySession(signedOutSession);
      return null;
    }
    if (!response.ok) throw new Error(await errorMessage(response));
    const body = (await response.json()) as CachedToken;
    if (generation !== generationRef.current) return null;
    cacheRef.current = { token: body.token, expiresAt: body.expiresAt };
    return body.token;
  }, [applySession]);

  const getToken = useCallback(
    async (options?: GetTokenOptions): Promise<string | null> => {
      if (options?.template !== undefined && options.template !== "convex") {
        throw new Error(
          `The local identity provider has no JWT template "${options.template}"; it only issues "convex" tokens.`,
        );
      }
      if (sessionRef.current && !sessionRef.current.signedIn) return null;
      const cached = cacheRef.current;
      if (!options?.skipCache) {
        if (cached && cached.expiresAt - Date.now() > TOKEN_REUSE_MARGIN_MS) {
          return cached.token;
        }
        if (inFlightRef.current) return inFlightRef.current;
      }
      const request = fetchToken();
      inFlightRef.current = request;
      try {
        return await request;
      } finally {
        if (inFlightRef.current === request) inFlightRef.current = null;
      }
    },
    [fetchToken],
  );

  const signIn = useCallback(
    async (input: { name: string; email: string }): Promise<SignInResult> => {
      const response = await fetch(`${localAuthApiPath}/sign-in`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(input),
      });
      if (!response.ok)
        return { ok: false, error: await errorMessage(response) };
      applySession((await response.json()) as PublicSession);
      return { ok: true };
    },
    [applySession],
  );

  const signOut = useCallback(
    async (options?: { redirectUrl?: string }) => {
      // Flip first: ConvexProviderWithClerk clears Convex auth as soon as isSignedIn is false.
      if (!options?.redirectUrl) applySession(signedOutSession);
      await fetch(`${localAuthApiPath}/sign-out`, {
        method: "POST",
        credentials: "same-origin",
      });
      if (options?.redirectUrl) window.location.assign(options.redirectUrl);
    },
    [applySession],
  );

  const value = useMemo(
    () => ({ session, getToken, signIn, signOut }),
    [session, getToken, signIn, signOut],
  );
  return (
    <LocalAuthContext.Provider value={value}>
      {children}
    </LocalAuthContext.Provider>
  );
}

export function useLocalAuthContext(): LocalAuthContextValue {
  const context = useContext(LocalAuthContext);
  if (!context) {
    throw new Error("Local auth hooks must be used inside <AuthProvider>.");
  }
  return context;
}

/** Clerk-compatible `useAuth` for the local identity provider. */
export function useLocalAuth(): AuthState {
  const { session, getToken } = useLocalAuthContext();
  return useMemo<AuthState>(() => {
    if (session === undefined) {
      return {
        isLoaded: false,
        isSignedIn: undefined,
        getToken,
        sessionId: undefined,
        orgId: undefined,
        orgRole: undefined,
        sessionClaims: undefined,
      };
    }
    return {
      isLoaded: true,
      isSignedIn: session.signedIn,
      getToken,
      sessionId: session.sessionId,
      orgId: null,
      orgRole: null,
      // `aud: "convex"` makes ConvexProviderWithClerk take the native-integration path
      // (getToken without a template), as with Clerk's Convex integration.
      sessionClaims: session.signedIn
        ? {
            aud: "convex",
            sub: session.user.sub,
            sid: session.sessionId,
            name: session.user.name,
            email: session.user.email,
          }
        : null,
    };
  }, [session, getToken]);
}
