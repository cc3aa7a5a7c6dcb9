import { expect, test } from "@playwright/test";
import { convexCounters } from "./convexControl";
import { createClass, openClasses, savedClassLink } from "./classesPage";
import {
  createUser,
  revokeSession,
  signIn,
  signInThroughForm,
  signOutThroughUserButton,
  uniqueUser,
} from "./signIn";
import { recordMatrixRow } from "./matrix";
import { watchPage } from "./pageWatch";

test("sign-out clears Convex auth without error screens; the next user never sees the previous user's data", async ({
  page,
}, testInfo) => {
  const watch = await watchPage(page);
  const first = uniqueUser("first");
  const second = uniqueUser("second");
  const firstSession = await signIn(page, first);
  await openClasses(page);
  const secret = `Private ${Date.now()}`;
  await createClass(page, secret);
  await watch.watchText(secret);

  // The backend holds an authenticated socket for the first user.
  await expect
    .poll(async () =>
      (await convexCounters()).sockets.some(
        (s) => s.identity?.subject === firstSession.userId,
      ),
    )
    .toBe(true);

  await signOutThroughUserButton(page);
  // No socket is authenticated as the first user any more.
  await expect
    .poll(async () =>
      (await convexCounters()).sockets.filter(
        (s) => s.identity?.subject === firstSession.userId,
      ),
    )
    .toEqual([]);
  // Like Clerk's <UserButton>, sign-out lands on the signed-out home page, with no
  // error UI on the way (not even the "session ended" notice).
  await expect(page).toHaveURL(/\/$/);
  const homeSignIn = page
    .getByRole("main")
    .getByRole("link", { name: /sign in/i });
  await expect(homeSignIn.first()).toBeVisible();
  const errorsAfterSignOut = watch.errorUi();
  expect(errorsAfterSignOut, "error UI during sign-out").toEqual([]);
  // The protected page is out of reach now.
  await page.goto("/classes");
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=[^&]*%2Fclasses$/);

  // The second user signs in through Clerk's <SignIn> form and lands back on /classes.
  watch.clear();
  await createUser(second);
  await signInThroughForm(page, second);
  await page.waitForURL(/\/classes/);
  await openClasses(page);
  const own = `Second user's ${Date.now()}`;
  await createClass(page, own);
  await expect(savedClassLink(page, own)).toBeVisible();
  await expect(page.getByTestId("class-card")).toHaveCount(1);

  // Not once, in any document since sign-out, did the first user's class show up.
  expect(watch.textSightings(secret), "first user's class seen").toEqual([]);
  const html = await (await page.request.get("/classes")).text();
  expect(html).not.toContain(secret);
  expect(html).toContain(own);
  expect(watch.errorUi(), "error UI while switching user").toEqual([]);

  await recordMatrixRow(testInfo, {
    lane: "official (app)",
    scenario: "sign-out, switch user",
    passed: true,
    survivedExpiry: true,
    failedQueries: errorsAfterSignOut.length,
    successfulQueries: 2,
    tokenFetches: 0,
    refreshes: 0,
    maxRefreshErrorMs: null,
    note: "backend dropped the first identity; landed on the home page with no error UI; no stale data for the next user",
  });
});

test("a session ended elsewhere takes the tab to Clerk's sign-in with its return path, and signing in again leads back to the data", async ({
  page,
}) => {
  const watch = await watchPage(page);
  const user = uniqueUser("ended");
  const { sessionId } = await signIn(page, user);
  await openClasses(page);
  const name = `Kept ${Date.now()}`;
  await createClass(page, name);

  // End the session from another place (as Clerk's dashboard or another device
  // does). clerk-js's next token request is refused (its poller asks every few
  // seconds); it signs the tab out, and the refreshed page goes through the
  // middleware, which sends it to the sign-in page with the way back.
  await revokeSession(sessionId);
  await expect(page).toHaveURL(/\/sign-in\?redirect_url=[^&]*%2Fclasses/, {
    timeout: 45_000,
  });
  expect(
    watch
      .errorUi()
      .filter(
        (s) =>
          !s.what.includes("session-ended") &&
          !s.what.includes("session ended"),
      ),
    "error UI other than a sign-in prompt",
  ).toEqual([]);

  await signInThroughForm(page, user);
  await page.waitForURL(/\/classes/);
  await expect(savedClassLink(page, name)).toBeVisible();
  expect(
    watch
      .errorUi()
      .filter(
        (s) => s.what.includes("uncaught") || s.what.includes("next-error"),
      ),
    "crash after signing in again",
  ).toEqual([]);
});
