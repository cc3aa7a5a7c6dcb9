import { expect, test } from "@playwright/test";
import {
  convexAdmin,
  convexCounters,
  liveSocketsFor,
  restartConvex,
} from "./convexControl";
import {
  createClass,
  expectLive,
  openClasses,
  savedClassLink,
  submitNewClass,
} from "./classesPage";
import { e2eEnv } from "../../scripts/e2eEnv";
import { signIn, uniqueUser } from "./signIn";
import { recordMatrixRow } from "./matrix";
import { watchPage } from "./pageWatch";
import { jumpAll, resetStackClock } from "./stackControl";

test.afterEach(async () => {
  await resetStackClock();
});

test("faults: dropped sockets, a backend outage longer than a lifetime and a restart lose nothing saved", async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  // The outage's lifetime passes in a jump of every clock, not a wait.
  await page.clock.install();
  const watch = await watchPage(page);
  const { userId: subject } = await signIn(page, uniqueUser("faults"));
  const banner = page.getByTestId("connection-banner");
  const saved: string[] = [];
  const stamp = Date.now();
  const authenticated = () =>
    expect
      .poll(
        async () => liveSocketsFor(await convexCounters(), subject).length,
        { timeout: 30_000 },
      )
      .toBe(1);

  await openClasses(page);
  await createClass(page, `Before faults ${stamp}`);
  saved.push(`Before faults ${stamp}`);

  // 1. Every socket dropped without a close frame: the client reconnects and
  // re-authenticates within its first backoff steps.
  const droppedAt = Date.now();
  await convexAdmin("drop-connections");
  await authenticated();
  const dropRecoveryMs = Date.now() - droppedAt;
  await createClass(page, `After drop ${stamp}`);
  saved.push(`After drop ${stamp}`);

  // 2. The backend is down for longer than a token lifetime. The banner says so,
  // a class added meanwhile waits (not reported saved), and is sent on recovery.
  await convexAdmin("pause");
  await expect(banner).toHaveAttribute("data-state", /lost|unreachable/);
  const whileDown = `While down ${stamp}`;
  await submitNewClass(page, whileDown);
  await expect(
    page.getByTestId("class-card").filter({ hasText: whileDown }),
  ).toBeVisible();
  await jumpAll(page, e2eEnv.tokenTtlSeconds + 3);
  await page.waitForTimeout(1000);
  await expect(banner, "banner still up after a lifetime").toHaveAttribute(
    "data-state",
    /lost|unreachable/,
  );
  await expect(
    savedClassLink(page, whileDown),
    "not saved while down",
  ).toHaveCount(0);
  await convexAdmin("resume");
  const resumedAt = Date.now();
  // Reconnect backoff has grown during the outage (up to 16 s with jitter).
  await expect(savedClassLink(page, whileDown)).toBeVisible({
    timeout: 40_000,
  });
  const pauseRecoveryMs = Date.now() - resumedAt;
  saved.push(whileDown);
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await authenticated();

  // 3. The backend process restarts on the same data file.
  const restartedAt = Date.now();
  await restartConvex(2_000);
  await authenticated();
  const restartRecoveryMs = Date.now() - restartedAt;
  await createClass(page, `After restart ${stamp}`, 30_000);
  saved.push(`After restart ${stamp}`);

  // Nothing the UI reported saved is missing, live or after a reload.
  for (const name of saved)
    await expect(savedClassLink(page, name)).toBeVisible();
  await page.reload();
  await expectLive(page);
  for (const name of saved)
    await expect(savedClassLink(page, name)).toBeVisible();
  await expect(page.getByTestId("class-card")).toHaveCount(saved.length);

  console.log(
    `[faults] re-authenticated after drop in ${dropRecoveryMs} ms; ` +
      `queued write saved ${pauseRecoveryMs} ms after a ${e2eEnv.tokenTtlSeconds + 3} s outage; ` +
      `re-authenticated ${restartRecoveryMs} ms after a restart (2 s down)`,
  );
  // Only the connection banner may appear; no error boundary or failed form.
  const errors = watch.errorUi();
  expect(errors, "error UI during the faults").toEqual([]);

  await recordMatrixRow(testInfo, {
    lane: "official (app)",
    scenario: "drop / outage / restart",
    passed: true,
    survivedExpiry: true,
    failedQueries: errors.length,
    successfulQueries: saved.length,
    tokenFetches: 0,
    refreshes: 0,
    maxRefreshErrorMs: null,
    note: `recovered: drop ${dropRecoveryMs} ms, outage ${pauseRecoveryMs} ms, restart ${restartRecoveryMs} ms; ${saved.length}/${saved.length} saved classes kept`,
  });
});
