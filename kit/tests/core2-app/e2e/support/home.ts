import { expect, type Page } from "@playwright/test";
import type { SeededUser } from "./users";

/** The greeting Convex renders from the identity in the user's token. */
export async function expectWelcomed(page: Page, user: SeededUser) {
  await expect(page.getByText(`Welcome ${user.name}!`)).toBeVisible();
}

/** The count of the user's numbers shown on the page, as Convex reported it. */
export async function numbersAddedOn(page: Page): Promise<number> {
  const text = await page.getByRole("status").textContent();
  const match = /Numbers added so far: (\d+)/.exec(text ?? "");
  if (!match) throw new Error(`No count of numbers on the page: "${text}".`);
  return Number(match[1]);
}
