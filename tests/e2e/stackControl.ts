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

/** Jumps are cut at this, with a pause after each for the pages to catch up. */
const LONG_JUMP_SECONDS = 600;
/** clerk-js renews its session cookie in the last 10 to 15 s of the cookie token's life. */
const COOKIE_RENEWAL_SECONDS = 20;

/** Seconds the session cookie's token has left, on the page's clock; null without one. */
async function cookieSecondsLeft(
  page: Page,
  browserOffsetSeconds: number,
): Promise<number | null> {
  return page.evaluate((offset) => {
    const match = /(?:^|; )__session(?:_[^=]*)?=([^;]+)/.exec(document.cookie);
    const payload = match?.[1]?.split(".")[1];
    if (!payload) return null;
    try {
      const claims = JSON.parse(
        atob(payload.replace(/-/g, "+").replace(/_/g, "/")),
      ) as { exp?: number };
      return typeof claims.exp === "number"
        ? claims.exp - (Date.now() / 1000 - offset)
        : null;
    } catch {
      return null;
    }
  }, browserOffsetSeconds);
}

/**
 * Moves every clock `seconds` forward in pieces, letting the pages' timers and
 * requests run between them, as they would have in real time. No piece skips the
 * moment clerk-js renews a session cookie: a real browser never sends the server
 * an expired cookie just because time passed (a sleeping laptop does).
 * `pages`: one page per browser context (each context has its own clock).
 */
export async function passTime(
  pages: Page[],
  seconds: number,
  options: { skewed?: boolean; browserOffsetSeconds?: number } = {},
) {
  const offset = options.browserOffsetSeconds ?? 0;
  let left = seconds;
  while (left > 0) {
    let cookieLeft = Infinity;
    for (const page of pages) {
      cookieLeft = Math.min(
        cookieLeft,
        (await cookieSecondsLeft(page, offset)) ?? Infinity,
      );
    }
    const beforeRenewal = Math.floor(cookieLeft - COOKIE_RENEWAL_SECONDS);
    const piece = Math.min(left, LONG_JUMP_SECONDS, Math.max(5, beforeRenewal));
    const reading = await jumpStackClock(piece);
    if (!options.skewed) expect(reading.agree, reading.disagreement).toBe(true);
    for (const page of pages) await page.clock.fastForward(piece * 1000);
    left -= piece;
    // Near a renewal, time for clerk-js's cookie poller to fetch the next token.
    await pages[0].waitForTimeout(beforeRenewal < 5 ? 600 : 300);
  }
}
