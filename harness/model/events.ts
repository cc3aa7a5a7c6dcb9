import type { LaneId } from "@/harness/designs/lanes";
import type { TokenSource } from "@/harness/designs/types";
import type { TokenClaims } from "./jwt";
import type { AcceptanceKind } from "./prediction";
import type { OrgSwitch } from "./orgSwitch";

/** Connection fields copied from `client.connectionState()`. */
export type ConnectionSample = {
  isWebSocketConnected: boolean;
  hasEverConnected: boolean;
  connectionCount: number;
  connectionRetries: number;
};

/** Everything a lane reports. Times are epoch milliseconds. */
export type LaneEvent =
  | { type: "fetch-start"; at: number; callId: number; force: boolean }
  | {
      type: "fetch-end";
      at: number;
      callId: number;
      source: TokenSource;
      outcome: "token" | "empty" | "error";
      claims: TokenClaims | null;
      /** Differs from the previous token this lane returned. */
      changed: boolean;
      error?: string;
    }
  | { type: "auth-accepted"; at: number; kind: AcceptanceKind }
  | { type: "refresh-scheduled"; at: number; delayMs: number }
  | { type: "refresh-stopped"; at: number }
  | { type: "reauthenticating"; at: number; error: string }
  | { type: "auth-failed"; at: number; error: string }
  | { type: "auth-change"; at: number; isAuthenticated: boolean }
  | { type: "auth-cleared"; at: number }
  /** `setAuth` was called: a new callback (the official provider re-makes it). */
  | { type: "set-auth"; at: number }
  | { type: "refreshing"; at: number; isRefreshing: boolean }
  | { type: "connection"; at: number; state: ConnectionSample }
  | { type: "ping-start"; at: number; pingId: number }
  | {
      type: "ping-end";
      at: number;
      pingId: number;
      ok: boolean;
      error?: string;
      /** The identity subject the backend answered as. */
      subject?: string;
    }
  | {
      type: "whoami";
      at: number;
      subject: string | null;
      error?: string;
    }
  | { type: "client-closed"; at: number }
  | { type: "client-log"; at: number; level: "warn" | "error"; text: string }
  | {
      type: "note";
      at: number;
      tone: "info" | "good" | "bad" | "warn";
      text: string;
    };

export type HarnessAction =
  | { type: "lane-event"; lane: LaneId; event: LaneEvent }
  | { type: "reset"; at: number }
  | { type: "org-switch"; orgSwitch: OrgSwitch };
