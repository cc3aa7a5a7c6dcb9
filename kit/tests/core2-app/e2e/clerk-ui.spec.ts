import { expect, test } from "@playwright/test";
import { fillClerkSignInForm } from "./support/clerkForm";
import { expectWelcomed } from "./support/home";
import { appUrl, hostedSignInUrl } from "./support/stack";
import { seededUser } from "./support/users";

test("signs in through the <SignInButton> modal", async ({ page }) => {
  const mary = seededUser("Mary Jackson");
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await fillClerkSignInForm(page, mary);
  await expectWelcomed(page, mary);
  await expect(page).toHaveURL(`${appUrl}/`);
});

test("a signed-out visit to /server goes to the hosted sign-in page and back", async ({
  page,
}) => {
  const katherine = seededUser("Katherine Johnson");
  await page.goto("/server");
  await expect(page).toHaveURL((url) => {
    return (
      `${url.origin}${url.pathname}` === hostedSignInUrl &&
      url.searchParams.get("redirect_url") === `${appUrl}/server`
    );
  });
  await fillClerkSignInForm(page, katherine);
  // clerk-js may pass its dev browser along in the query on the way back.
  await expect(page).toHaveURL(
    (url) => `${url.origin}${url.pathname}` === `${appUrl}/server`,
  );
  await expect(page.getByText(`Rendered on the server for`)).toContainText(
    katherine.name,
  );
});
