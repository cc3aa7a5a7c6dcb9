import { expect, test } from "@playwright/test";
import { e2eEnv } from "../../scripts/e2eEnv";
import { expectLive } from "./classesPage";
import { createUser, signInThroughForm, uniqueUser } from "./signIn";

/**
 * Clerk's own sign-in UI on the offline stack, for this app's SDK generation
 * (Core 3: @clerk/nextjs 7, clerk-js 6 with @clerk/ui): the modal clerk-js opens
 * over any page, and the hosted sign-in page the Clerk stand-in serves for apps
 * without one of their own (as Clerk's Account Portal does). Both fill Clerk's real
 * form in the browser; neither touches the app's own /sign-in page.
 */

/** The Clerk stand-in as the browser reaches it (localhost, like the app). */
const clerkOrigin = e2eEnv.clerkUrl.replace("127.0.0.1", "localhost");

test("Clerk's modal signs a user in over a signed-out page, without leaving it", async ({
  page,
}) => {
  const user = uniqueUser("modal");
  await createUser(user);
  await page.goto("/");
  await page.waitForFunction(
    () =>
      (window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded ===
      true,
  );
  await page.evaluate(() =>
    (window as unknown as { Clerk: { openSignIn(): void } }).Clerk.openSignIn(),
  );
  const modal = page.locator(".cl-modalContent");
  await expect(modal).toBeVisible();
  await signInThroughForm(page, user);
  await expect(modal).toBeHidden({ timeout: 20_000 });
  expect(new URL(page.url()).pathname).toBe("/");
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              Clerk?: {
                user?: { primaryEmailAddress?: { emailAddress?: string } };
              };
            }
          ).Clerk?.user?.primaryEmailAddress?.emailAddress ?? null,
      ),
    )
    .toBe(user.email);
  // The session reaches the server and Convex: the signed-in page is live.
  await page.goto("/classes");
  await expectLive(page);
});

test("the stand-in's hosted sign-in page signs a user in and returns to the app", async ({
  page,
}) => {
  const user = uniqueUser("hosted");
  await createUser(user);
  const back = `${e2eEnv.appUrl}/classes`;
  await page.goto(
    `${clerkOrigin}/sign-in?redirect_url=${encodeURIComponent(back)}`,
  );
  await signInThroughForm(page, user);
  await page.waitForURL(back, { timeout: 30_000 });
  await expectLive(page);
  await expect(page.getByRole("banner")).toBeVisible();
});
