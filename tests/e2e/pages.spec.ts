import { expect, test } from "@playwright/test";
import { convexAdmin } from "./convexControl";
import { createClass, expectLive, savedClassLink } from "./classesPage";
import { signIn, uniqueUser } from "./signIn";

test("unknown addresses and missing classes answer 404 with the app's page; the favicon exists", async ({
  page,
}) => {
  await signIn(page, uniqueUser("notfound"));

  const nowhere = await page.goto("/no-such-page");
  expect(nowhere?.status()).toBe(404);
  await expect(page.getByTestId("page-not-found")).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Go to your classes" }),
  ).toBeVisible();

  for (const id of ["not-an-id", "k57a8n2m0x0x0x0x0x0x0x0x0x0x0x0x"]) {
    const missing = await page.goto(`/classes/${id}`);
    expect(missing?.status(), `/classes/${id}`).toBe(404);
    await expect(page.getByTestId("class-not-found")).toBeVisible();
  }

  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/icon/);
});

test("another user's class is a 404 too", async ({ browser }) => {
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, uniqueUser("owner"));
  await ownerPage.goto("/classes");
  await expectLive(ownerPage);
  const name = `Owned ${Date.now()}`;
  await createClass(ownerPage, name);
  await savedClassLink(ownerPage, name).click();
  await expect(ownerPage.getByTestId("class-title")).toHaveText(name);
  const classPath = new URL(ownerPage.url()).pathname;
  await owner.close();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, uniqueUser("other"));
  const response = await otherPage.goto(classPath);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByText(name)).toHaveCount(0);
  await other.close();
});

test("a page rendered during an outage says so, then loads by itself when the connection is back", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, uniqueUser("outage"));
  await page.goto("/classes");
  await expectLive(page);
  const name = `Kept ${Date.now()}`;
  await createClass(page, name);

  await convexAdmin("pause");
  try {
    await page.goto("/classes");
    await expect(page.getByTestId("load-error")).toHaveAttribute(
      "data-kind",
      "unavailable",
    );
    // Header and page agree: nobody claims to be connected.
    await expect(page.getByTestId("connection-indicator")).not.toHaveAttribute(
      "data-state",
      "connected",
    );
    await expect(page.getByTestId("reload-when-ready")).toHaveAttribute(
      "data-state",
      "waiting",
    );
  } finally {
    await convexAdmin("resume");
  }
  // No click: the page renders again once the socket connects.
  await expect(savedClassLink(page, name)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("load-error")).toHaveCount(0);
  await expectLive(page);
});

test("archived classes hide the assignment form; assignments delete only after a confirm", async ({
  page,
}) => {
  await signIn(page, uniqueUser("archive"));
  await page.goto("/classes");
  await expectLive(page);
  const name = `Archive me ${Date.now()}`;
  await createClass(page, name);
  await savedClassLink(page, name).click();
  await expectLive(page);

  const add = page.getByRole("form", { name: "Add an assignment" });
  await add.getByLabel("Title").fill("Essay");
  await add.getByLabel("Due date").fill("3000-01-01");
  await add.getByRole("button", { name: "Add" }).click();
  await expect(
    add.getByText("Enter a date between Jan 1, 1900 and Dec 31, 2999"),
  ).toBeVisible();
  await add.getByLabel("Due date").fill("2030-01-01");
  await add.getByRole("button", { name: "Add" }).click();
  const item = page.getByTestId("assignment-item").filter({ hasText: "Essay" });
  await expect(item).toBeVisible();

  await page.getByRole("button", { name: "Delete “Essay”" }).click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: "Cancel" })
    .click();
  await page.reload();
  await expectLive(page);
  await expect(item).toBeVisible();

  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByTestId("archived-note")).toBeVisible();
  await expect(add).toHaveCount(0);

  await page.getByRole("button", { name: "Restore" }).click();
  await expect(add).toBeVisible();
  await page.getByRole("button", { name: "Delete “Essay”" }).click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(item).toHaveCount(0);
  await page.reload();
  await expectLive(page);
  await expect(item).toHaveCount(0);
});
