import { LANE_IDS, type LaneId } from "../designs/lanes";
import type { HarnessAction } from "./events";
import type { OrgSwitch } from "./orgSwitch";
import { capped } from "./laneHistory";
import { reduceLaneEvent } from "./laneEvents";
import { HISTORY_LIMIT, emptyLaneStats, type LaneStats } from "./laneStats";

/** Everything the page records: one `LaneStats` per lane and the organization switches. */
export type HarnessState = {
  startedAt: number;
  lanes: Record<LaneId, LaneStats>;
  /** Organization switches made on the page, oldest first. */
  orgSwitches: OrgSwitch[];
};

export function initialHarnessState(startedAt: number): HarnessState {
  const lanes = {} as Record<LaneId, LaneStats>;
  for (const id of LANE_IDS) lanes[id] = emptyLaneStats(id);
  return { startedAt, lanes, orgSwitches: [] };
}

/** Whole-page reducer: lane events, and reset (stats only; the lanes keep running). */
export function harnessReducer(
  state: HarnessState,
  action: HarnessAction,
): HarnessState {
  switch (action.type) {
    case "lane-event":
      return {
        ...state,
        lanes: {
          ...state.lanes,
          [action.lane]: reduceLaneEvent(
            state.lanes[action.lane],
            action.event,
          ),
        },
      };
    case "reset": {
      const fresh = initialHarnessState(action.at);
      // Keep what describes the present, drop what describes the past.
      for (const id of LANE_IDS) {
        const old = state.lanes[id];
        fresh.lanes[id] = {
          ...fresh.lanes[id],
          currentClaims: old.currentClaims,
          lastReturnedClaims: old.lastReturnedClaims,
          isAuthenticated: old.isAuthenticated,
          isRefreshing: old.isRefreshing,
          refreshStopped: old.refreshStopped,
          scheduledRefreshAt: old.scheduledRefreshAt,
          connection: old.connection,
          whoami: old.whoami,
        };
      }
      return fresh;
    }
    case "org-switch":
      return {
        ...state,
        orgSwitches: capped(state.orgSwitches, action.orgSwitch, HISTORY_LIMIT),
      };
  }
}
