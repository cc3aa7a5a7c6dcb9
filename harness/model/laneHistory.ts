import { tokenLifetimeSeconds, type TokenClaims } from "./jwt";
import { HISTORY_LIMIT, type HistoryEntry, type LaneStats } from "./laneStats";

/** Appends to a bounded list: a page left open for hours keeps only the latest. */
export function capped<T>(items: T[], item: T, limit: number): T[] {
  const next = [...items, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Adds one line to the lane's readable history. */
export function note(
  lane: LaneStats,
  at: number,
  tone: HistoryEntry["tone"],
  text: string,
): LaneStats {
  return {
    ...lane,
    history: capped(lane.history, { at, tone, text }, HISTORY_LIMIT),
  };
}

/** A token in a history line: its last characters and its lifetime. */
export function describeClaims(claims: TokenClaims | null): string {
  if (!claims) return "not a JWT";
  const lifetime = tokenLifetimeSeconds(claims);
  return `…${claims.tail}${lifetime === null ? "" : `, lives ${lifetime} s`}`;
}
