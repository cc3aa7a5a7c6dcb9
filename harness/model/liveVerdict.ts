import type { LaneStats } from "./laneStats";
import { failuresDuringOutages, type SharedOutage } from "./sharedOutages";

/** Slack after `exp` before a successful ping counts as "past expiry". */
export const PAST_EXPIRY_SLACK_MS = 2000;

export type LiveVerdict =
  | { kind: "starting"; text: string }
  | { kind: "waiting"; text: string }
  | { kind: "survived"; text: string }
  | { kind: "failed"; text: string };

/**
 * What this page has shown about a lane so far: has it kept answering pings past
 * the expiry of the first token the server confirmed? Failures during moments when
 * every lane failed at once are not held against it.
 */
export function liveVerdict(
  lane: LaneStats,
  outages: SharedOutage[],
  now: number,
): LiveVerdict {
  const own = lane.pings.failures - failuresDuringOutages(lane, outages);
  if (own > 0) {
    return {
      kind: "failed",
      text: `${own} failed ping${own === 1 ? "" : "s"} of its own.`,
    };
  }
  const first = lane.acceptances[0];
  const exp = first?.claims?.exp;
  if (!first || exp == null) {
    return { kind: "starting", text: "No token confirmed yet." };
  }
  const expiryMs = exp * 1000;
  if ((lane.pings.lastOkAt ?? 0) > expiryMs + PAST_EXPIRY_SLACK_MS) {
    return {
      kind: "survived",
      text: "Kept working past its first token's expiry.",
    };
  }
  const left = Math.max(0, Math.ceil((expiryMs - now) / 1000));
  return {
    kind: "waiting",
    text:
      left > 0
        ? `First token expires in ${left} s.`
        : "First token just expired; waiting for the next ping.",
  };
}
