import { expect, type Page } from "@playwright/test";

/** The /classes page, driven the way a user would. */

export async function openClasses(page: Page) {
  await page.goto("/classes");
  await expectLive(page);
}

/** The list is a live subscription (not just the server's snapshot). */
export async function expectLive(page: Page, timeout = 20_000) {
  await expect(page.getByTestId("live-badge").first()).toHaveAttribute(
    "data-state",
    /live|refreshing/,
    { timeout },
  );
}

/** A saved class is a link to its page; an unsaved (optimistic) one is not. */
export function savedClassLink(page: Page, name: string) {
  return page.getByRole("link").filter({
    has: page.getByTestId("class-name").getByText(name, { exact: true }),
  });
}

export function classCard(page: Page, name: string) {
  return page
    .getByTestId("class-card")
    .filter({ has: page.getByText(name, { exact: true }) });
}

/** Submits the "Add a class" form; does not wait for the save. */
export async function submitNewClass(page: Page, name: string) {
  const form = page.getByRole("form", { name: "New class" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: /Add class|Adding/ }).click();
}

/** Adds a class and waits until the UI shows it saved; returns how long that took. */
export async function createClass(page: Page, name: string, timeout = 20_000) {
  const started = Date.now();
  await submitNewClass(page, name);
  await expect(savedClassLink(page, name)).toBeVisible({ timeout });
  return Date.now() - started;
}

/** Renames a class from its detail page and comes back to the list. */
export async function renameClass(page: Page, from: string, to: string) {
  await savedClassLink(page, from).click();
  await expect(page.getByTestId("class-title")).toHaveText(from);
  await expectLive(page);
  await page.getByRole("button", { name: "Edit details" }).click();
  const form = page.getByRole("form", { name: "Edit class" });
  await form.getByLabel("Name").fill(to);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toBeHidden({ timeout: 20_000 });
  await expect(page.getByTestId("class-title")).toHaveText(to);
  await page.getByRole("link", { name: "← All classes" }).click();
  await expect(page).toHaveURL(/\/classes$/);
  await expect(savedClassLink(page, to)).toBeVisible();
}
