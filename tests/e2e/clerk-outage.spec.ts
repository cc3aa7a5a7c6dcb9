import { expect, test, type Page } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";
import { convexCounters, liveSocketsFor } from "./convexControl";
import {
  classCard,
  expectLive,
  openClasses,
  savedClassLink,
  submitNewClass,
} from "./classesPage";
import { signIn, uniqueUser } from "./signIn";
import {
  controlStandIn,
  jumpAll,
  resetStackClock,
  type StandIn,
} from "./stackControl";
import { watchPage } from "./pageWatch";

/**
 * Clerk (or the whole stack) goes away for longer than a token lives while a class
 * list is open in two tabs, and a class is added meanwhile. Before the app waited
 * Clerk out, both tabs fell to "Your session ended" and stayed there, and the class
 * was sent without the user's identity and lost.
 */

/** Within 10 s of Clerk's return, every tab is authenticated and live again. */
const CLERK_RECOVERY_MS = 10_000;
/**
 * When Convex was down too, the Convex client reconnects on its own backoff, which
 * grows to 16 s with ±50% jitter (`maxBackoff` in
 * `convex/src/browser/sync/web_socket_manager.ts`); it only skips the wait on the
 * browser's `online` event. Recovery is bounded by that, plus the same 10 s.
 */
const CONVEX_RECOVERY_MS = 24_000 + CLERK_RECOVERY_MS;

test.afterEach(async () => {
  await resetStackClock();
});

/**
 * Takes `standIns` away for `downSeconds` of every clock (browser and servers
 * jump; the tests install Playwright's clock), with a class added meanwhile.
 */
async function outage(
  pages: Page[],
  subject: string,
  standIns: StandIn[],
  downSeconds: number,
  label: string,
) {
  const whileDown = `${label} ${Date.now()}`;
  for (const standIn of standIns) await controlStandIn(standIn, "stop");

  // Past the token's end, so the next Convex request needs a token from Clerk.
  const pastExpiry = e2eEnv.tokenTtlSeconds + 2;
  await jumpAll(pages[0], pastExpiry);
  await pages[0].waitForTimeout(1000);
  await submitNewClass(pages[0], whileDown);
  await expect(classCard(pages[0], whileDown)).toBeVisible();
  await jumpAll(pages[0], downSeconds - pastExpiry);
  await pages[0].waitForTimeout(1000);
  await expect(
    savedClassLink(pages[0], whileDown),
    "nothing is saved while the stand-in is away",
  ).toHaveCount(0);

  for (const standIn of [...standIns].reverse()) {
    await controlStandIn(standIn, "start");
  }
  const returnedAt = Date.now();
  const RECOVERY_MS = standIns.includes("convex")
    ? CONVEX_RECOVERY_MS
    : CLERK_RECOVERY_MS;
  for (const page of pages) {
    await expect(savedClassLink(page, whileDown)).toBeVisible({
      timeout: RECOVERY_MS,
    });
    await expectLive(page, RECOVERY_MS);
  }
  await expect
    .poll(async () => liveSocketsFor(await convexCounters(), subject).length, {
      timeout: Math.max(1, returnedAt + RECOVERY_MS - Date.now()),
    })
    .toBe(pages.length);
  return { recoveredInMs: Date.now() - returnedAt, whileDown };
}

test("a Clerk outage of three token lifetimes ends with both tabs live and the queued class saved under the user", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.context().clock.install();
  const { userId } = await signIn(page, uniqueUser("clerk-outage"));
  const second = await page.context().newPage();
  const watches = [await watchPage(page), await watchPage(second)];
  await openClasses(page);
  await openClasses(second);

  const { recoveredInMs } = await outage(
    [page, second],
    userId,
    ["clerk"],
    3 * e2eEnv.tokenTtlSeconds,
    "Added while Clerk was down",
  );
  console.log(
    `[clerk-outage] both tabs live ${recoveredInMs} ms after Clerk returned`,
  );
  for (const watch of watches) {
    expect(
      watch.sightings.filter((s) =>
        /session-ended|error-boundary|uncaught|next-error/.test(s.what),
      ),
      "no tab ever said the session ended",
    ).toEqual([]);
  }
});

test("a restart of the whole stack (Clerk and Convex down together) ends with the tab live and the queued class saved", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.context().clock.install();
  const { userId } = await signIn(page, uniqueUser("stack-restart"));
  const watch = await watchPage(page);
  await openClasses(page);
  const { recoveredInMs } = await outage(
    [page],
    userId,
    ["clerk", "convex"],
    2 * e2eEnv.tokenTtlSeconds,
    "Added while the stack was down",
  );
  console.log(
    `[clerk-outage] stack restart: live ${recoveredInMs} ms after it returned`,
  );
  expect(
    watch.sightings.filter((s) =>
      /session-ended|error-boundary|uncaught|next-error/.test(s.what),
    ),
  ).toEqual([]);
});
