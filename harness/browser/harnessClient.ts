import { ConvexReactClient, type ConvexReactClientOptions } from "convex/react";
import { version as convexVersion } from "convex";
import type {
  SourcedTokenFetcher,
  TokenFetcher,
} from "@/harness/designs/types";
import { OFFICIAL_TOKEN_SOURCE } from "@/harness/designs/official";
import { instrumentFetcher, withSource, type Emit } from "./instrument";
import {
  convexVersionWarning,
  parseLogLine,
  parseVerboseLine,
} from "./verboseLog";

/** The client's logger shape (not exported by name from `convex`). */
type Logger = Exclude<NonNullable<ConvexReactClientOptions["logger"]>, boolean>;

/** Logger that feeds the client's own log lines into the lane's events. */
export function createLaneLogger(emit: Emit): Logger {
  return {
    logVerbose: (...args: unknown[]) => {
      const event = parseVerboseLine(args, Date.now());
      if (event) emit(event);
    },
    log: () => {},
    warn: (...args: unknown[]) => emit(parseLogLine("warn", args, Date.now())),
    error: (...args: unknown[]) =>
      emit(parseLogLine("error", args, Date.now())),
  };
}

/**
 * A WebSocket class for the client's `webSocketConstructor` option that keeps the
 * lane's open sockets, so the page can close its own connections (and nobody else's).
 */
function trackedWebSocket(open: Set<WebSocket>): typeof WebSocket {
  const Base = globalThis.WebSocket;
  return class TrackedWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      open.add(this);
      this.addEventListener("close", () => open.delete(this));
    }
  };
}

/** Close code for sockets the page drops on purpose (application range). */
export const DROPPED_BY_PAGE_CODE = 4000;

/**
 * A lane's own Convex client: its own WebSocket, verbose logs routed to the lane,
 * and every `setAuth` fetcher recorded. Works the same whether the harness calls
 * `setAuthFromDesign` or the official provider calls `setAuth` itself.
 */
export class HarnessConvexClient extends ConvexReactClient {
  private readonly emit: Emit;
  private readonly sockets: Set<WebSocket>;

  constructor(
    url: string,
    emit: Emit,
    options: { initialAuthTokenReuse?: boolean } = {},
  ) {
    const sockets = new Set<WebSocket>();
    super(url, {
      initialAuthTokenReuse: options.initialAuthTokenReuse ?? false,
      verbose: true,
      logger: createLaneLogger(emit),
      unsavedChangesWarning: false,
      webSocketConstructor: trackedWebSocket(sockets),
    });
    this.emit = emit;
    this.sockets = sockets;
    const warning = convexVersionWarning(convexVersion);
    if (warning)
      emit({ type: "note", at: Date.now(), tone: "warn", text: warning });
  }

  /** Closes this lane's socket(s); the client reconnects by itself. */
  dropOwnConnections(): number {
    const count = this.sockets.size;
    for (const socket of this.sockets) {
      socket.close(DROPPED_BY_PAGE_CODE, "closed by the harness page");
    }
    return count;
  }

  override setAuth(
    fetchToken: TokenFetcher,
    onChange?: (isAuthenticated: boolean) => void,
    onRefreshChange?: (isRefreshing: boolean) => void,
  ) {
    this.setAuthFromDesign(
      withSource(fetchToken, OFFICIAL_TOKEN_SOURCE),
      onChange,
      onRefreshChange,
    );
  }

  setAuthFromDesign(
    fetcher: SourcedTokenFetcher,
    onChange?: (isAuthenticated: boolean) => void,
    onRefreshChange?: (isRefreshing: boolean) => void,
  ) {
    this.emit({ type: "set-auth", at: Date.now() });
    super.setAuth(
      instrumentFetcher(fetcher, this.emit),
      (isAuthenticated) => {
        this.emit({ type: "auth-change", at: Date.now(), isAuthenticated });
        onChange?.(isAuthenticated);
      },
      (isRefreshing) => {
        this.emit({ type: "refreshing", at: Date.now(), isRefreshing });
        onRefreshChange?.(isRefreshing);
      },
    );
  }

  override clearAuth() {
    this.emit({ type: "auth-cleared", at: Date.now() });
    super.clearAuth();
  }
}
