import { expect, type Page } from "@playwright/test";
import type { SeededUser } from "./users";

/**
 * Signs in through Clerk's own <SignIn/> form (clerk-js 5's built-in UI), as a
 * person would: email address, Continue, password, Continue.
 */
export async function fillClerkSignInForm(page: Page, user: SeededUser) {
  await page.getByLabel("Email address").fill(user.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toBeVisible();
  await password.fill(user.password);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}
