import { ConvexReactClient, type ConvexReactClientOptions } from "convex/react";
import type { SourcedTokenFetcher, TokenFetcher } from "@/lib/refresh/types";
import { OFFICIAL_TOKEN_SOURCE } from "@/lib/refresh/official";
import { instrumentFetcher, withSource, type Emit } from "./instrument";
import { parseLogLine, parseVerboseLine } from "./verboseLog";

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
 * A lane's own Convex client: its own WebSocket, verbose logs routed to the lane,
 * and every `setAuth` fetcher recorded. Works the same whether the harness calls
 * `setAuthFromDesign` or the official provider calls `setAuth` itself.
 */
export class HarnessConvexClient extends ConvexReactClient {
  private readonly emit: Emit;

  constructor(url: string, emit: Emit) {
    super(url, {
      verbose: true,
      logger: createLaneLogger(emit),
      unsavedChangesWarning: false,
    });
    this.emit = emit;
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
