/**
 * The app's one reading of "can we talk to the server, as whom, and is
 * anything still unsent". Pure, so it is tested without a browser; the hooks
 * in useConnection.ts and useSessionPhase.ts feed it the Convex client's and
 * Clerk's own state.
 */

export type ConnectionStatus =
  "connecting" | "connected" | "refreshing" | "reconnecting" | "signingOut";

export type Connection = {
  status: ConnectionStatus;
  /** Whether the server accepted this tab's sign-in; null while that is unknown. */
  signedIn: boolean | null;
  /** Mutations and actions sent (or queued) whose result hasn't come back. */
  pendingWrites: number;
};

/** The parts of convex's `ConnectionState` this reads. */
export type SocketState = {
  hasEverConnected: boolean;
  isWebSocketConnected: boolean;
  inflightMutations?: number;
  inflightActions?: number;
};

export type AuthState = {
  isLoading: boolean;
  isAuthenticated: boolean;
  isRefreshing?: boolean;
};

/** The parts of Clerk's state this reads: `useClerk().loaded` and `useAuth()`. */
export type ClerkSessionState = {
  /** clerk-js itself has loaded (stays true for the life of the tab). */
  clerkLoaded: boolean;
  /** `useAuth().isLoaded`: false again while clerk-js ends the session. */
  isLoaded: boolean;
  isSignedIn: boolean | undefined;
};

export type SessionPhase = "unknown" | "signedIn" | "signingOut" | "signedOut";

/**
 * clerk-js's sign-out empties its session, user and organization ("not loaded"
 * again) before it navigates away, and stays so until the next page has
 * rendered, which takes seconds in development. A loaded clerk-js that reports
 * "not loaded" is in that step. (`setActive` goes through it too, but only
 * when it redirects, which none of the app's pages do.)
 */
export function readSessionPhase(clerk: ClerkSessionState): SessionPhase {
  if (!clerk.isLoaded) return clerk.clerkLoaded ? "signingOut" : "unknown";
  return clerk.isSignedIn ? "signedIn" : "signedOut";
}

export function pendingWrites(socket: SocketState): number {
  return (socket.inflightMutations ?? 0) + (socket.inflightActions ?? 0);
}

export function readConnection(
  socket: SocketState,
  auth: AuthState,
  hydrated: boolean,
  session: SessionPhase = "unknown",
): Connection {
  const pending = pendingWrites(socket);
  // The server has no socket for this tab: its HTML says "connecting".
  if (!hydrated) {
    return { status: "connecting", signedIn: null, pendingWrites: 0 };
  }
  // The Convex client has already dropped the user's token; "Online" would
  // contradict the page, which is on its way out.
  if (session === "signingOut") {
    return { status: "signingOut", signedIn: false, pendingWrites: pending };
  }
  const signedIn = auth.isLoading ? null : auth.isAuthenticated;
  let status: ConnectionStatus;
  if (!socket.hasEverConnected) status = "connecting";
  else if (!socket.isWebSocketConnected) status = "reconnecting";
  else if (auth.isRefreshing) status = "refreshing";
  else status = "connected";
  return { status, signedIn, pendingWrites: pending };
}

/** True when something typed in this tab would be lost if it closed now. */
export function hasUnsentWrites(connection: Connection): boolean {
  return connection.pendingWrites > 0;
}
