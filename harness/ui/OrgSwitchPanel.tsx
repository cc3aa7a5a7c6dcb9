"use client";

import { useState } from "react";
import { useAuth } from "@clerk/nextjs";
import { LANE_IDS, type LaneId } from "@/harness/designs/lanes";
import type { LaneStats } from "@/harness/model/laneStats";
import {
  describeOrgSwitchOutcome,
  laneStopped,
  orgSwitchOutcome,
  type OrgSwitch,
} from "@/harness/model/orgSwitch";
import {
  browserClerk,
  userOrganizations,
} from "@/harness/browser/clerkBrowser";
import { busyText, useBusy } from "./useBusy";
import { controlButton } from "./styles";

const NO_ORG = "";

/**
 * Switches the active organization with `window.Clerk.setActive({ organization })`
 * and shows, per lane, which organization its current Convex token carries. The
 * official provider makes a new token callback when `orgId` changes, so Convex
 * re-authenticates at once; a callback made once (the SvelteKit `$effect`) keeps
 * its token until its next refresh.
 */
export function OrgSwitchPanel({
  lanes,
  running,
  orgSwitches,
  onSwitch,
}: {
  lanes: Record<LaneId, LaneStats>;
  running: LaneId[];
  orgSwitches: OrgSwitch[];
  onSwitch: (orgSwitch: OrgSwitch) => void;
}) {
  const { orgId } = useAuth();
  const organizations = userOrganizations();
  const [target, setTarget] = useState<string>(NO_ORG);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, waitedSeconds, run } = useBusy();
  const latest = orgSwitches[orgSwitches.length - 1] ?? null;

  async function switchTo(organization: string | null) {
    const clerk = browserClerk();
    if (!clerk) {
      setProblem(
        "Clerk has not loaded in this page yet; try again in a moment.",
      );
      return;
    }
    setProblem(null);
    const from = orgId ?? null;
    // The switch starts here: the official provider re-makes its callback while
    // setActive is still running.
    const at = Date.now();
    try {
      await run(() => clerk.setActive({ organization }));
      onSwitch({ at, from, to: organization });
    } catch (error) {
      setProblem(
        `Clerk refused the switch: ${error instanceof Error ? error.message : "unknown error"}.`,
      );
    }
  }

  const chosen =
    organizations.length > 0 ? target || null : typed.trim() || null;
  return (
    <section
      data-testid="org-switch"
      className="flex min-w-0 flex-col gap-2 rounded-lg border border-slate-300 bg-white p-3 text-sm sm:p-4"
    >
      <h2 className="text-base font-semibold">Organization switch</h2>
      <p className="text-slate-600">
        Active organization now:{" "}
        <span data-testid="active-org" className="font-mono break-all">
          {orgId ?? "none"}
        </span>
        . Switch it and watch which organization each lane&apos;s Convex token
        carries.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        {organizations.length > 0 ? (
          <label className="flex flex-col text-xs text-slate-600">
            Switch to
            <select
              data-testid="org-select"
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              className="max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
            >
              <option value={NO_ORG}>No organization (personal)</option>
              {organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.name} ({organization.id})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="flex flex-col text-xs text-slate-600">
            Organization id (empty: personal)
            <input
              data-testid="org-input"
              value={typed}
              maxLength={100}
              onChange={(event) => setTyped(event.target.value)}
              className="w-48 max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
        )}
        <button
          type="button"
          data-testid="org-switch-button"
          className={controlButton}
          disabled={busy}
          onClick={() => void switchTo(chosen)}
        >
          Switch
        </button>
      </div>
      {busy ? (
        <p role="status" className="text-slate-600">
          {busyText(waitedSeconds)}
        </p>
      ) : null}
      {problem ? (
        <p role="status" className="break-words text-rose-800">
          {problem}
        </p>
      ) : null}
      {latest ? (
        <ul data-testid="org-switch-results" className="flex flex-col gap-1">
          {LANE_IDS.filter((id) => running.includes(id)).map((id) => {
            const outcome = orgSwitchOutcome(lanes[id], latest);
            return (
              <li
                key={id}
                data-testid={`org-switch-${id}`}
                data-token-org={outcome.tokenOrg ?? ""}
                data-follows={outcome.follows}
                className="break-words"
              >
                <span className="font-mono font-semibold">{id}</span>:{" "}
                <span
                  className={
                    outcome.follows ? "text-emerald-700" : "text-amber-800"
                  }
                >
                  {describeOrgSwitchOutcome(
                    outcome,
                    latest,
                    laneStopped(lanes[id]),
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
