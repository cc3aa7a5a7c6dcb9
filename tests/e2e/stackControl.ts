import { expect, type Page } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";

export type StandIn = "clerk" | "convex";

/**
 * Takes a stand-in away for real (its port refuses connections) or brings it back
 * on the same data, through the E2E stack's loopback control.
 */
export async function controlStandIn(
  standIn: StandIn,
  action: "stop" | "start",
) {
  const response = await fetch(`${e2eEnv.controlUrl}/${standIn}/${action}`, {
    method: "POST",
  });
  expect(response.status, await response.text()).toBe(200);
}

export type ClockPiece = "clerk" | "convex" | "next";

export type StackClockReading = {
  offsets: Record<ClockPiece, number>;
  nextMovable: boolean;
  agree: boolean;
  disagreement?: string;
};

async function clockRequest(
  path: string,
  method: "GET" | "POST" = "POST",
): Promise<StackClockReading> {
  const response = await fetch(`${e2eEnv.controlUrl}/clock${path}`, { method });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as StackClockReading;
}

export const readStackClock = () => clockRequest("", "GET");

/** Moves the Clerk, Convex and Next.js clocks forward together. */
export const jumpStackClock = (seconds: number) =>
  clockRequest(`/jump?seconds=${seconds}`);

/** Puts one server's clock `seconds` from the machine's (skew). */
export const setServerClock = (piece: ClockPiece, seconds: number) =>
  clockRequest(`/offset?piece=${piece}&seconds=${seconds}`);

/** Every server clock back on the machine's time. */
export async function resetStackClock() {
  for (const piece of ["clerk", "convex", "next"] as const) {
    await setServerClock(piece, 0);
  }
}

/**
 * Every clock forward by `seconds`: the servers first, so the browser never runs
 * ahead of them, then the browser (Playwright's clock, installed by the test).
 * `skewed`: the test put one clock off on purpose, so they need not agree.
 */
export async function jumpAll(page: Page, seconds: number, skewed = false) {
  const reading = await jumpStackClock(seconds);
  if (!skewed) expect(reading.agree, reading.disagreement).toBe(true);
  await page.clock.fastForward(seconds * 1000);
}
