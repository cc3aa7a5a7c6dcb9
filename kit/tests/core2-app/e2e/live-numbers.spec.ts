import { clerk } from "@clerk/testing/playwright";
import { expect, test } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import { expectWelcomed, numbersAddedOn } from "./support/home";
import { kitEnv } from "./support/stack";
import { seededUser } from "./support/users";

test("a number added in one tab shows up live in the user's other tab", async ({
  page,
  context,
}) => {
  const annie = seededUser("Annie Easley");
  await page.goto("/");
  await clerk.signIn({
    page,
    signInParams: {
      strategy: "password",
      identifier: annie.email,
      password: annie.password,
    },
  });
  await expectWelcomed(page, annie);

  // Same browser context: the second tab shares the session cookies.
  const otherTab = await context.newPage();
  await otherTab.goto("/");
  await expectWelcomed(otherTab, annie);
  const before = await numbersAddedOn(otherTab);
  await otherTab.evaluate(() => {
    document.body.dataset.sinceLoad = "kept";
  });

  await page.getByRole("button", { name: "Add a random number" }).click();

  const expected = `Numbers added so far: ${before + 1}`;
  await expect(page.getByRole("status")).toHaveText(expected);
  await expect(otherTab.getByRole("status")).toHaveText(expected);
  // The update came over the Convex subscription, not from a reload.
  await expect(otherTab.locator("body")).toHaveAttribute(
    "data-since-load",
    "kept",
  );
});

test("Convex functions refuse a caller without a Clerk token", async () => {
  const convex = new ConvexHttpClient(kitEnv("NEXT_PUBLIC_CONVEX_URL"));
  expect(await convex.query(api.myFunctions.listNumbers, { count: 3 })).toBe(
    null,
  );
  await expect(
    convex.mutation(api.myFunctions.addNumber, { value: 1 }),
  ).rejects.toThrow(/Sign in before adding a number/);
});
