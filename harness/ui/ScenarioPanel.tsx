"use client";

import { useRef, useState } from "react";
import { LANE_IDS, type LaneId } from "@/harness/designs/lanes";
import { SCENARIOS, scenarioById } from "@/harness/scenarios/catalog";
import {
  describeStep,
  formatDuration,
  realSeconds,
} from "@/harness/scenarios/steps";
import {
  describeExpected,
  describeObserved,
  observeLane,
  verdictMatches,
  type ObservedVerdict,
} from "@/harness/scenarios/verdict";
import type { HarnessSnapshot } from "@/harness/model/snapshot";
import {
  applyScenarioSettings,
  runScenarioOnPage,
} from "@/harness/browser/scenarioRunner";
import { controlButton } from "./styles";

type Run =
  | { state: "idle" }
  | { state: "running"; progress: string }
  | { state: "done"; observed: Partial<Record<LaneId, ObservedVerdict>> }
  | { state: "failed"; error: string };

/**
 * Pick a scenario, run it on this page's lanes, compare each lane with the verdict
 * the E2E suite asserts. The page runs in real time; the suite compresses time.
 */
export function ScenarioPanel({
  running,
  available,
  takeSnapshot,
  onRunEvent,
}: {
  running: LaneId[];
  /** Null when scenarios can run here; otherwise why not. */
  available: string | null;
  takeSnapshot: () => HarnessSnapshot;
  onRunEvent: (text: string) => void;
}) {
  const [id, setId] = useState(SCENARIOS[0]!.id);
  const [run, setRun] = useState<Run>({ state: "idle" });
  const abort = useRef<AbortController | null>(null);
  const scenario = scenarioById(id)!;
  const seconds =
    realSeconds(scenario.steps, scenario.settings.lifetimeSeconds) + 6;
  const blocked = available ?? scenario.suiteOnly ?? null;

  async function start() {
    const controller = new AbortController();
    abort.current = controller;
    setRun({ state: "running", progress: "Applying the token settings." });
    try {
      await applyScenarioSettings(scenario);
      onRunEvent(`scenario ${scenario.id} started`);
      const marks = await runScenarioOnPage(
        scenario,
        (progress) => setRun({ state: "running", progress }),
        controller.signal,
      );
      const snapshot = takeSnapshot();
      const observed: Partial<Record<LaneId, ObservedVerdict>> = {};
      for (const lane of running)
        observed[lane] = observeLane(snapshot.lanes[lane], marks);
      onRunEvent(`scenario ${scenario.id} finished`);
      setRun({ state: "done", observed });
    } catch (error) {
      setRun({
        state: "failed",
        error: error instanceof Error ? error.message : "The run failed.",
      });
    } finally {
      abort.current = null;
    }
  }

  return (
    <section
      data-testid="scenarios"
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-300 bg-white p-3 text-sm sm:p-4"
    >
      <h2 className="text-base font-semibold">
        Scenarios: every design under one failure
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 max-w-full flex-col text-xs text-slate-600">
          Scenario
          <select
            data-testid="scenario-select"
            value={id}
            disabled={run.state === "running"}
            onChange={(event) => {
              setId(event.target.value as typeof id);
              setRun({ state: "idle" });
            }}
            className="max-w-full rounded border border-slate-300 px-2 py-1 text-sm"
          >
            {SCENARIOS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        {run.state === "running" ? (
          <button
            type="button"
            data-testid="scenario-stop"
            className={controlButton}
            onClick={() => abort.current?.abort()}
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            data-testid="scenario-run"
            className={controlButton}
            disabled={blocked !== null || running.length === 0}
            onClick={() => void start()}
          >
            Run here (about {formatDuration(Math.ceil(seconds))})
          </button>
        )}
      </div>
      <p className="break-words text-slate-700">
        {scenario.answers.url ? (
          <a className="text-blue-700 underline" href={scenario.answers.url}>
            {scenario.answers.text}
          </a>
        ) : (
          scenario.answers.text
        )}{" "}
        Steps: {scenario.steps.map(describeStep).join("; ")}.
      </p>
      {blocked && (
        <p data-testid="scenario-blocked" className="text-slate-600">
          {blocked}
        </p>
      )}
      <p data-testid="scenario-status" role="status" className="text-slate-700">
        {run.state === "running" && run.progress}
        {run.state === "failed" && (
          <span className="text-rose-700">{run.error}</span>
        )}
        {run.state === "done" &&
          "Finished: each lane's result is beside its verdict."}
      </p>
      <ul className="flex flex-col">
        {LANE_IDS.map((lane) => {
          const observed =
            run.state === "done" ? run.observed[lane] : undefined;
          const expected = scenario.expected[lane];
          return (
            <li
              key={lane}
              data-testid={`scenario-${lane}`}
              className="grid grid-cols-1 gap-1 border-b border-slate-100 py-1 last:border-b-0 md:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1fr)] md:gap-3"
            >
              <span className="font-mono font-semibold">{lane}</span>
              <span className="min-w-0 break-words">
                <span className="font-semibold text-slate-500 md:hidden">
                  Verdict:{" "}
                </span>
                {describeExpected(expected)}
                {scenario.why?.[lane] && (
                  <span className="block text-xs text-slate-500">
                    {scenario.why[lane]}
                  </span>
                )}
              </span>
              <span
                data-testid={`scenario-${lane}-observed`}
                className={`min-w-0 break-words ${
                  observed
                    ? verdictMatches(expected, observed)
                      ? "text-emerald-700"
                      : "text-rose-700"
                    : "text-slate-500"
                }`}
              >
                <span className="font-semibold text-slate-500 md:hidden">
                  Here:{" "}
                </span>
                {observed
                  ? `${describeObserved(observed)}; ${observed.tokenFetches} token calls, ${observed.reconnects} reconnects`
                  : running.includes(lane)
                    ? "Not run yet."
                    : "Lane not running."}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
