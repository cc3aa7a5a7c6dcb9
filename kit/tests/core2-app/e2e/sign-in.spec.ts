import { clerk } from "@clerk/testing/playwright";
import { expect, test } from "@playwright/test";
import { expectWelcomed } from "./support/home";
import { mintSignInToken } from "./support/signInToken";
import { seededUser } from "./support/users";

// Each test signs in with @clerk/testing's helper, then waits for Convex to
// greet the user by the name in the token it verified.
test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("signs in with a password", async ({ page }) => {
  const ada = seededUser("Ada Lovelace");
  await clerk.signIn({
    page,
    signInParams: {
      strategy: "password",
      identifier: ada.email,
      password: ada.password,
    },
  });
  await expectWelcomed(page, ada);
});

test("signs in with a ticket minted through the Backend API", async ({
  page,
}) => {
  const grace = seededUser("Grace Hopper");
  const ticket = await mintSignInToken(grace.email);
  await clerk.signIn({ page, signInParams: { strategy: "ticket", ticket } });
  await expectWelcomed(page, grace);
});

test("signs in with an email code sent to a test address", async ({ page }) => {
  const hedy = seededUser("Hedy Lamarr");
  await clerk.signIn({
    page,
    signInParams: { strategy: "email_code", identifier: hedy.email },
  });
  await expectWelcomed(page, hedy);
});

test("refuses a wrong password and stays signed out", async ({ page }) => {
  const ada = seededUser("Ada Lovelace");
  await expect(
    clerk.signIn({
      page,
      signInParams: {
        strategy: "password",
        identifier: ada.email,
        password: "not-the-password",
      },
    }),
  ).rejects.toThrow(/Failed to sign in/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});
