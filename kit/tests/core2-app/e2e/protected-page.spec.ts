import { clerk } from "@clerk/testing/playwright";
import { expect, test } from "@playwright/test";
import { expectWelcomed } from "./support/home";
import { appUrl, hostedSignInUrl } from "./support/stack";
import { seededUser } from "./support/users";

test("a signed-in user sees /server, rendered with their Convex data", async ({
  page,
}) => {
  const dorothy = seededUser("Dorothy Vaughan");
  await page.goto("/");
  await clerk.signIn({
    page,
    signInParams: {
      strategy: "password",
      identifier: dorothy.email,
      password: dorothy.password,
    },
  });
  await expectWelcomed(page, dorothy);
  await page.goto("/server");
  await expect(page).toHaveURL(`${appUrl}/server`);
  await expect(page.getByText("Rendered on the server for")).toContainText(
    dorothy.name,
  );
  await expect(page.getByRole("status")).toHaveText(
    /^Numbers added so far: \d+$/,
  );
});

test("a signed-out visitor of /server lands on the hosted sign-in page", async ({
  page,
}) => {
  await page.goto("/server");
  await expect(page).toHaveURL(new RegExp(`^${hostedSignInUrl}\\?`));
  await expect(page.getByLabel("Email address")).toBeVisible();
});
