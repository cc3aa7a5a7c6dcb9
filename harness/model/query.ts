import { LANE_IDS, isLaneId, type LaneId } from "@/harness/designs/lanes";

export const DEFAULT_POLL_SECONDS = 3;

export type HarnessQuery = {
  lanes: LaneId[];
  pollSeconds: number;
  /** Page-data refresh interval for periodic-invalidation; null = 75% of the lifetime. */
  periodicSeconds: number | null;
};

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function positive(value: string | undefined, min: number, max: number) {
  if (value === undefined || value.trim() === "") return null;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) return null;
  return Math.min(max, Math.max(min, parsed));
}

/**
 * `?lanes=official,svelte-static&poll=2&periodic=20`. Unknown lane names are
 * ignored; no valid lane means all lanes.
 */
export function parseHarnessQuery(params: SearchParams): HarnessQuery {
  const requested = (first(params.lanes) ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(isLaneId);
  const lanes = LANE_IDS.filter((id) => requested.includes(id));
  return {
    lanes: lanes.length > 0 ? lanes : [...LANE_IDS],
    pollSeconds: positive(first(params.poll), 0.5, 600) ?? DEFAULT_POLL_SECONDS,
    periodicSeconds: positive(first(params.periodic), 1, 86400),
  };
}
