/**
 * The app's one reading of "can we talk to the server, as whom, and is
 * anything still unsent". Pure, so it is tested without a browser; the hook
 * in useConnection.ts feeds it the Convex client's own state.
 */

export type ConnectionStatus =
  "connecting" | "connected" | "refreshing" | "reconnecting";

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

export function pendingWrites(socket: SocketState): number {
  return (socket.inflightMutations ?? 0) + (socket.inflightActions ?? 0);
}

export function readConnection(
  socket: SocketState,
  auth: AuthState,
  hydrated: boolean,
): Connection {
  const pending = pendingWrites(socket);
  // The server has no socket for this tab: its HTML says "connecting".
  if (!hydrated) {
    return { status: "connecting", signedIn: null, pendingWrites: 0 };
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
