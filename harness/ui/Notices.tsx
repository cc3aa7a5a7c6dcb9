import type { SharedOutage } from "@/harness/model/sharedOutages";
import type { WarmUp } from "./useRouteWarmUp";
import { sessionSeconds } from "./format";

/** Page-level notices: route warm-up, shared outages, server problems. */
export function Notices({
  warmUp,
  outages,
  startedAt,
  serverTokenProblem,
  controlsProblem,
}: {
  warmUp: WarmUp;
  outages: SharedOutage[];
  startedAt: number;
  serverTokenProblem: string | null;
  controlsProblem: string | null;
}) {
  const items: { key: string; tone: "info" | "warn"; text: string }[] = [];
  if (!warmUp.ready) {
    items.push({
      key: "warm",
      tone: "info",
      text: `Preparing the app's routes before the lanes start (${Math.floor(warmUp.elapsedMs / 1000)} s so far). Under next dev the first request to a route compiles it, which can take up to a minute on a busy machine; waiting here keeps that stall out of every lane's record.`,
    });
  } else if (warmUp.slow.length > 0) {
    items.push({
      key: "slow",
      tone: "warn",
      text: `These routes had not answered after 90 s, so the lanes started anyway: ${warmUp.slow.join(", ")}. Failures in the first minute may be the dev server's, not a design's.`,
    });
  }
  for (const outage of outages) {
    items.push({
      key: `outage-${outage.from}`,
      tone: "warn",
      text: `Every lane, official included, failed at once from ${sessionSeconds(outage.from, startedAt)} to ${outage.to === null ? "now" : sessionSeconds(outage.to, startedAt)}. That points at the dev server or the backend (a route compiling, a restart), not at any design; those failures are left out of the verdicts.`,
    });
  }
  if (serverTokenProblem) {
    items.push({ key: "token", tone: "warn", text: serverTokenProblem });
  }
  if (controlsProblem) {
    items.push({
      key: "controls",
      tone: "warn",
      text: `The test controls are misconfigured: ${controlsProblem}`,
    });
  }
  if (items.length === 0) return null;
  return (
    <ul data-testid="notices" className="flex flex-col gap-2">
      {items.map((item) => (
        <li
          key={item.key}
          data-testid={`notice-${item.key.replace(/-\d+$/, "")}`}
          className={`rounded-md border px-3 py-2 text-sm break-words ${item.tone === "warn" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-sky-300 bg-sky-50 text-sky-900"}`}
        >
          {item.text}
        </li>
      ))}
    </ul>
  );
}
