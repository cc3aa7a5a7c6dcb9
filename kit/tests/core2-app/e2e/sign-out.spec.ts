import { clerk } from "@clerk/testing/playwright";
import { expect, test } from "@playwright/test";
import { expectWelcomed } from "./support/home";
import { hostedSignInUrl } from "./support/stack";
import { seededUser } from "./support/users";

test("signs out from the <UserButton> menu", async ({ page }) => {
  const frances = seededUser("Frances Allen");
  await page.goto("/");
  await clerk.signIn({
    page,
    signInParams: {
      strategy: "password",
      identifier: frances.email,
      password: frances.password,
    },
  });
  await expectWelcomed(page, frances);

  await page.getByRole("button", { name: "Open user menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();

  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText(`Welcome ${frances.name}!`)).toBeHidden();
  // The server sees the sign-out too: the protected page sends us away.
  await page.goto("/server");
  await expect(page).toHaveURL(new RegExp(`^${hostedSignInUrl}\\?`));
});
