/**
 * What `ConvexProviderWithClerk` needs from the `useAuth` hook it is given. Clerk's
 * `useAuth` from `@clerk/nextjs` has this shape; tests and the harness build fakes of it.
 */
export type GetTokenOptions = { template?: string; skipCache?: boolean };

export type AuthState = {
  isLoaded: boolean;
  isSignedIn: boolean | undefined;
  getToken: (options?: GetTokenOptions) => Promise<string | null>;
  sessionId: string | null | undefined;
  orgId: string | null | undefined;
  orgRole: string | null | undefined;
  sessionClaims: Record<string, unknown> | null | undefined;
};
