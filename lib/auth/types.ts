/**
 * The seam between the app and an identity provider. Clerk's `useAuth` already
 * has this shape; the local provider implements the same contract, so the same
 * `ConvexProviderWithClerk` runs in both modes.
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
