import { expect, test, type Page } from "@playwright/test";
import { signIn, uniqueUser } from "./signIn";

/**
 * Clerk's UI components (`<SignIn>`, `<UserButton>`) decide whether to render their
 * host element from the Clerk instance's `loaded` flag, read during render. On a slow
 * CPU with a fast Clerk origin, clerk-js finishes loading while React is still
 * hydrating, and an unguarded first client render differs from the server HTML
 * (React error #418). Slowing the page's CPU tenfold makes that order common: before
 * the fix, most loads below failed. Any page error fails these tests.
 */

const CPU_SLOWDOWN = 10;
/** Before the fix 3 of 4 sign-in loads threw, so 3 loads miss a regression about 2% of the time. */
const LOADS = 3;

async function slowCpu(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
}

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("the sign-in page hydrates without a mismatch on a slow CPU", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await slowCpu(page);
  for (let load = 0; load < LOADS; load++) {
    await page.goto("/sign-in?redirect_url=%2Fclasses");
    await expect(page.getByLabel(/email address/i)).toBeVisible({
      timeout: 60_000,
    });
  }
  expect(errors).toEqual([]);
});

test("a signed-in page with Clerk's user menu hydrates without a mismatch on a slow CPU", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page, uniqueUser("hydrate"));
  const errors = collectPageErrors(page);
  await slowCpu(page);
  for (let load = 0; load < LOADS; load++) {
    await page.goto("/classes");
    await expect(
      page
        .getByRole("banner")
        .getByRole("button", { name: /user (button|menu)/i }),
    ).toBeVisible({ timeout: 60_000 });
  }
  expect(errors).toEqual([]);
});
