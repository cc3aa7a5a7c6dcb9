import { expect, test } from "@playwright/test";
import { convexCounters } from "./convexControl";
import {
  classCard,
  createClass,
  expectLive,
  openClasses,
  renameClass,
  savedClassLink,
} from "./classesPage";
import { e2eEnv } from "../../scripts/e2eEnv";
import { signIn, uniqueUser } from "./signIn";
import { recordMatrixRow } from "./matrix";
import { watchPage } from "./pageWatch";
import { jumpAll, resetStackClock } from "./stackControl";

const LIFETIMES = 3;
/** Token time each round moves on: past a refresh point of every tab, every round. */
const ROUND_SECONDS = e2eEnv.tokenTtlSeconds - 9;

test.afterEach(async () => {
  await resetStackClock();
});

test("/classes stays live across three token lifetimes in two tabs: create and edit through expiries, nothing lost", async ({
  context,
}, testInfo) => {
  test.setTimeout(120_000);
  // Token time passes in jumps of every clock (browser and servers), not waits.
  await context.clock.install();
  const tabA = await context.newPage();
  const tabB = await context.newPage();
  const watchA = await watchPage(tabA);
  const watchB = await watchPage(tabB);
  await signIn(tabA, uniqueUser("live"));
  await openClasses(tabA);
  await openClasses(tabB);
  const acceptedBefore = (await convexCounters()).authAccepted;

  const started = Date.now();
  const rounds = Math.ceil(
    (LIFETIMES * e2eEnv.tokenTtlSeconds) / ROUND_SECONDS,
  );
  const expected: string[] = [];
  const saveTimes: number[] = [];
  let round = 0;
  // Each round: A creates a class (B must show it), then alternately A or B renames
  // one (the other tab must show the new name), then every clock moves past the
  // next refresh point. Rounds cover three lifetimes, so writes land before,
  // across and after several token refreshes.
  while (round < rounds) {
    round += 1;
    const name = `Live ${round} ${started}`;
    saveTimes.push(await createClass(tabA, name));
    await expect(savedClassLink(tabB, name)).toBeVisible();
    expected.push(name);
    if (round % 2 === 0) {
      const [editor, viewer] = round % 4 === 0 ? [tabA, tabB] : [tabB, tabA];
      const renamed = `${name} edited`;
      await renameClass(editor, name, renamed);
      await expect(savedClassLink(viewer, renamed)).toBeVisible();
      expected[expected.length - 1] = renamed;
    }
    await jumpAll(tabA, ROUND_SECONDS);
    await tabA.waitForTimeout(500);
  }
  const elapsedSeconds = (Date.now() - started) / 1000;
  const refreshes = (await convexCounters()).authAccepted - acceptedBefore;

  // Nothing lost: a fresh load of each tab shows every class with its last name.
  for (const tab of [tabA, tabB]) {
    await tab.reload();
    await expectLive(tab);
    for (const name of expected) {
      await expect(savedClassLink(tab, name)).toBeVisible();
    }
    await expect(tab.getByTestId("class-card")).toHaveCount(expected.length);
  }
  for (const name of expected) {
    if (name.endsWith(" edited")) {
      await expect(classCard(tabA, name.replace(/ edited$/, ""))).toHaveCount(
        0,
      );
    }
  }

  const errors = [...watchA.errorUi(), ...watchB.errorUi()];
  console.log(
    `[classes-live] ${round} rounds, ${round * ROUND_SECONDS} s of token time in ${elapsedSeconds.toFixed(0)} s, ` +
      `${refreshes} tokens accepted by the backend, saves took ` +
      `${Math.min(...saveTimes)}-${Math.max(...saveTimes)} ms`,
  );
  expect(errors, "error UI seen in either tab").toEqual([]);
  // Two tabs, each refreshing every (lifetime - 10 s): several refreshes happened.
  expect(refreshes).toBeGreaterThanOrEqual(LIFETIMES * 2);

  const row = {
    lane: "official (app)",
    passed: true,
    survivedExpiry: true,
    failedQueries: errors.length,
    successfulQueries: round,
    tokenFetches: refreshes,
    refreshes,
    maxRefreshErrorMs: null,
  };
  await recordMatrixRow(testInfo, {
    ...row,
    scenario: `/classes live, ${LIFETIMES} lifetimes`,
    note: `${round} creates, ${Math.floor(round / 2)} edits; saves ${Math.max(...saveTimes)} ms max; reload shows all`,
  });
  await recordMatrixRow(testInfo, {
    ...row,
    scenario: "two tabs",
    note: "every create and edit in one tab appeared in the other",
  });
});
