import { expect, test, type Page } from "@playwright/test";
import {
  changeClerkSettings,
  readClerkSettings,
} from "../../harness/tests/e2e/matrixClerkSettings";
import { convexCounters, liveSocketsFor } from "./convexControl";
import {
  createClass,
  expectLive,
  openClasses,
  savedClassLink,
} from "./classesPage";
import { signIn, uniqueUser } from "./signIn";
import {
  jumpStackClock,
  readStackClock,
  resetStackClock,
  setServerClock,
} from "./stackControl";
import { watchPage } from "./pageWatch";

/**
 * Time under control: the browser's clock (Playwright's) and the Clerk, Convex and
 * Next.js clocks (the E2E stack's `/clock`) jump together, so hours of token life
 * pass in seconds of test time.
 */

test.afterEach(async () => {
  await resetStackClock();
});

/** The expiry of the Convex stand-in's live identity for `subject`, in ms. */
async function liveIdentityExpiry(subject: string): Promise<number | null> {
  const [socket] = liveSocketsFor(await convexCounters(), subject);
  return socket?.identity ? Date.parse(socket.identity.expiresAt) : null;
}

/** Jumps every clock, browser included, by `seconds`. */
async function jump(page: Page, seconds: number) {
  const reading = await jumpStackClock(seconds);
  expect(reading.agree, reading.disagreement).toBe(true);
  await page.clock.fastForward(seconds * 1000);
}

test("the write-up's production setting, a 3600 s convex template, lives through 3 refresh cycles (time-compressed)", async ({
  page,
}) => {
  test.setTimeout(180_000);
  expect(
    (await readStackClock()).nextMovable,
    "the Next.js server's clock can move (libfaketime)",
  ).toBe(true);
  const before = await readClerkSettings();
  await changeClerkSettings({
    convexIntegration: "template",
    templateTtlSeconds: 3600,
  });
  try {
    await page.clock.install();
    const watch = await watchPage(page);
    const { userId } = await signIn(page, uniqueUser("hour-template"));
    await openClasses(page);
    await expect
      .poll(() => liveIdentityExpiry(userId), { timeout: 20_000 })
      .not.toBeNull();
    let expiry = (await liveIdentityExpiry(userId))!;
    // An hour-long token: its expiry is about an hour after now (Convex's clock).
    expect(expiry - Date.now()).toBeGreaterThan(3500_000);

    for (let cycle = 1; cycle <= 3; cycle++) {
      // Past the Convex client's refresh point (lifetime − 10 s), before expiry.
      await jump(page, 3595);
      await expect
        .poll(() => liveIdentityExpiry(userId), {
          timeout: 30_000,
          message: `cycle ${cycle}: a new hour-long token was accepted`,
        })
        .toBeGreaterThan(expiry + 3000_000);
      expiry = (await liveIdentityExpiry(userId))!;
      await expectLive(page);
      await createClass(page, `Hour ${cycle} ${Date.now()}`);
    }
    expect(
      watch.sightings.filter((s) =>
        /session-ended|error-boundary|uncaught|next-error/.test(s.what),
      ),
    ).toEqual([]);
  } finally {
    await changeClerkSettings(before);
  }
});

/** Counts the tab's Frontend API token requests (session and template). */
function countTokenRequests(page: Page) {
  const counter = { count: 0 };
  page.on("request", (request) => {
    if (/\/v1\/client\/sessions\/[^/]+\/tokens/.test(request.url())) {
      counter.count += 1;
    }
  });
  return counter;
}

test("a browser clock 10 minutes ahead multiplies Clerk token requests while the page stays live", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const WATCH_MS = 20_000;
  // Clerk's real session token lifetime, as in the traffic report this answers.
  const before = await readClerkSettings();
  await changeClerkSettings({ sessionTokenTtlSeconds: 60 });
  try {
    const tabs = [];
    for (const skewMs of [0, 10 * 60_000]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.clock.install({ time: Date.now() + skewMs });
      await signIn(page, uniqueUser(skewMs ? "clock-ahead" : "clock-right"));
      await openClasses(page);
      tabs.push({ skewMs, page, context, requests: countTokenRequests(page) });
    }
    // Both tabs watched over the same 30 s.
    for (const tab of tabs) tab.requests.count = 0;
    await tabs[0].page.waitForTimeout(WATCH_MS);
    const [right, ahead] = tabs.map((tab) => tab.requests.count);
    console.log(
      `[clock-skew] token requests in ${WATCH_MS / 1000} s: clock right ${right}, clock 10 min ahead ${ahead}`,
    );
    // clerk-js judges a cached token's age by the browser's clock against the token's
    // iat (tokenCache.ts): 10 minutes ahead, every token looks expired, so every
    // getToken() call (its 5 s cookie poller among them) goes to the network.
    expect(ahead).toBeGreaterThanOrEqual(Math.max(8, 5 * right));
    for (const tab of tabs) {
      await expectLive(tab.page);
      await createClass(tab.page, `Skew ${tab.skewMs} ${Date.now()}`);
      await tab.context.close();
    }
  } finally {
    await changeClerkSettings(before);
  }
});

test("the Next.js server's clock 2 minutes off, either way, sends a signed-in navigation back and forth between the page and sign-in; the right clock ends it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  expect(
    (await readStackClock()).nextMovable,
    "the Next.js server's clock can move (libfaketime)",
  ).toBe(true);
  for (const seconds of [120, -120]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, uniqueUser(seconds > 0 ? "next-ahead" : "next-behind"));
    await openClasses(page);
    const name = `Next skew ${seconds} ${Date.now()}`;
    await createClass(page, name);
    await setServerClock("next", seconds);
    let toSignIn = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().includes("/sign-in"))
        toSignIn += 1;
    });
    // The server checks the session cookie against its own clock with Clerk's
    // 5 s allowance: the cookie looks expired (ahead) or not yet valid (behind),
    // so the page sends the user to sign in, whose client-side Clerk is signed
    // in and sends them back, again and again.
    await savedClassLink(page, name).click();
    await page.waitForTimeout(3000);
    console.log(
      `[next-clock] ${seconds > 0 ? "ahead" : "behind"} by ${Math.abs(seconds)} s: ${toSignIn} trips to /sign-in in 3 s`,
    );
    expect(toSignIn, "trips to sign-in in 3 s").toBeGreaterThanOrEqual(3);
    await resetStackClock();
    await expect(page).toHaveURL(/\/classes\/[^/?]+$/, { timeout: 20_000 });
    await expectLive(page);
    await context.close();
  }
});
