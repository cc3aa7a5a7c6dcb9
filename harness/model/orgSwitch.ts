import type { LaneStats } from "./laneStats";

/** The user switched the active organization (`window.Clerk.setActive({ organization })`). */
export type OrgSwitch = { at: number; from: string | null; to: string | null };

export type OrgSwitchOutcome = {
  /** Organization claim of the token the server last confirmed for the lane. */
  tokenOrg: string | null;
  /** The lane's confirmed token carries the organization switched to. */
  follows: boolean;
  /** Time from the switch to the first confirmed token with the new organization. */
  followedAfterMs: number | null;
  /**
   * What produced that token: "new callback" when the fetch was unforced (only a new
   * `setAuth` makes an unforced fetch after the first), "forced fetch" otherwise.
   */
  via: "new callback" | "forced fetch" | null;
};

/** How a lane reacted to an organization switch, from its own records. */
export function orgSwitchOutcome(
  lane: LaneStats,
  orgSwitch: OrgSwitch,
): OrgSwitchOutcome {
  const tokenOrg = lane.currentClaims?.orgId ?? null;
  const confirmed = lane.acceptances.find(
    (acceptance) =>
      acceptance.at >= orgSwitch.at &&
      (acceptance.claims?.orgId ?? null) === orgSwitch.to,
  );
  let via: OrgSwitchOutcome["via"] = null;
  if (confirmed) {
    const fetch = [...lane.fetches]
      .reverse()
      .find(
        (record) =>
          record.startedAt <= confirmed.at &&
          record.outcome === "token" &&
          record.claims?.jti === confirmed.claims?.jti,
      );
    via = fetch ? (fetch.force ? "forced fetch" : "new callback") : null;
  }
  return {
    tokenOrg,
    follows: tokenOrg === orgSwitch.to,
    followedAfterMs: confirmed ? confirmed.at - orgSwitch.at : null,
    via,
  };
}

/**
 * The client gave up on the lane: the server rejected its token and it reported
 * itself unauthenticated (svelte-static once its page token expires). Its last
 * token's organization no longer reaches Convex at all.
 */
export function laneStopped(lane: LaneStats): boolean {
  return lane.isAuthenticated === false;
}

/** One sentence per lane for the page. */
export function describeOrgSwitchOutcome(
  outcome: OrgSwitchOutcome,
  orgSwitch: OrgSwitch,
  stopped = false,
): string {
  const target = orgSwitch.to ?? "no organization";
  if (outcome.followedAfterMs !== null) {
    const seconds = (outcome.followedAfterMs / 1000).toFixed(1);
    const how =
      outcome.via === "new callback"
        ? "through a new callback"
        : outcome.via === "forced fetch"
          ? "at a forced fetch (its next refresh)"
          : "";
    return `Carries ${target} since ${seconds} s after the switch${how ? `, ${how}` : ""}.`;
  }
  if (stopped) {
    return "Stopped: the server rejected its token and the client gave up, so it sends Convex no organization at all.";
  }
  return `Still carries ${outcome.tokenOrg ?? "no organization"}.`;
}
