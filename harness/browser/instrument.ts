import type {
  FetchTokenArgs,
  SourcedTokenFetcher,
  TokenFetcher,
  TokenSource,
} from "@/harness/designs/types";
import { errorText } from "@/harness/designs/types";
import type { LaneEvent } from "../model/events";
import { decodeTokenClaims } from "../model/jwt";

export type Emit = (event: LaneEvent) => void;

// Call numbers are unique across every client of the page, so a lane that is
// switched off and on again keeps distinct ids in its history.
let lastCallId = 0;
const nextCallId = () => ++lastCallId;

/**
 * Wraps a design's fetcher so every call is recorded (flag, source, result, timing)
 * while Convex still receives exactly what the design returned.
 */
export function instrumentFetcher(
  fetcher: SourcedTokenFetcher,
  emit: Emit,
  now: () => number = Date.now,
  newCallId: () => number = nextCallId,
): TokenFetcher {
  let lastToken: string | null = null;
  return async (args: FetchTokenArgs) => {
    const id = newCallId();
    emit({
      type: "fetch-start",
      at: now(),
      callId: id,
      force: args.forceRefreshToken,
    });
    let result;
    try {
      result = await fetcher(args);
    } catch (error) {
      emit({
        type: "fetch-end",
        at: now(),
        callId: id,
        source: "none",
        outcome: "error",
        claims: null,
        changed: false,
        error: errorText(error),
      });
      throw error;
    }
    const token = result.token;
    if (token) {
      const changed = token !== lastToken;
      lastToken = token;
      emit({
        type: "fetch-end",
        at: now(),
        callId: id,
        source: result.source,
        outcome: "token",
        claims: decodeTokenClaims(token),
        changed,
      });
    } else {
      emit({
        type: "fetch-end",
        at: now(),
        callId: id,
        source: result.source,
        outcome: result.error ? "error" : "empty",
        claims: null,
        changed: false,
        ...(result.error ? { error: result.error } : {}),
      });
    }
    return token;
  };
}

/** Gives a plain fetcher (such as the official provider's) a fixed source label. */
export function withSource(
  fetcher: TokenFetcher,
  source: TokenSource,
): SourcedTokenFetcher {
  return async (args) => ({ token: await fetcher(args), source });
}
