/** What the browser knows about a local session (the shape of GET /api/local-auth/session). */
export type PublicSession =
  | { signedIn: false; sessionId: null; user: null }
  | {
      signedIn: true;
      sessionId: string;
      user: { sub: string; name: string; email: string };
    };

export const signedOutSession: PublicSession = {
  signedIn: false,
  sessionId: null,
  user: null,
};
