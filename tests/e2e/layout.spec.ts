import { expect, test, type Page } from "@playwright/test";
import {
  createClass,
  expectLive,
  savedClassLink,
  submitNewClass,
} from "./classesPage";
import { signIn, uniqueUser } from "./signIn";

/** Names at each field's limit and in scripts that stress layout. */
const stamp = Date.now().toString(36);
const names = {
  // One unbroken "word" as long as a class name may be (80).
  unbroken: `W${stamp}${"W".repeat(80 - 1 - stamp.length)}`,
  rtl: `מבוא למדעי המחשב ${stamp} — קבוצה א׳ مقدمة في البرمجة`,
  emoji: `🧪🔬 Chemistry ${stamp} 👩‍🔬👨‍👩‍👧‍👦🏳️‍🌈`,
  combining: `Z̷̢̛a̶̡l̸g̵o̴ ${stamp} ṯ̺e̸x̧̛t̷`,
  // Limits count what a person sees: 80 characters may be 80 wide ZWJ families.
  families: `${stamp}${"👨‍👩‍👧‍👦".repeat(80 - stamp.length)}`,
};
const unbrokenSection = "S".repeat(40);
// One unbroken title as long as an assignment title may be (120).
const unbrokenTitle = `T${stamp}${"T".repeat(120 - 1 - stamp.length)}`;

const viewports = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
];

async function horizontalOverflow(page: Page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(
    scrollWidth,
    `${where}: the page is ${scrollWidth}px wide in a ${innerWidth}px window`,
  ).toBeLessThanOrEqual(innerWidth);
}

/** Every element's right edge stays inside its class card. */
async function expectCardsContainText(page: Page) {
  const escaping = await page.getByTestId("class-card").evaluateAll((cards) =>
    cards.flatMap((card) => {
      const box = card.getBoundingClientRect();
      return [...card.querySelectorAll("*")]
        .filter((child) => child.getBoundingClientRect().right > box.right + 1)
        .map((child) => (child.textContent ?? "").slice(0, 30));
    }),
  );
  expect(escaping, "text sticking out of a class card").toEqual([]);
}

test("long and unusual names fit at 390 px and 1280 px: no sideways scroll, titles readable, buttons on one line", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signIn(page, uniqueUser("layout"));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/classes");
  await expectLive(page);

  // A 200-character unbroken name is refused with a sentence, and the form still fits.
  const form = page.getByRole("form", { name: "New class" });
  await form.getByLabel("Name").fill("N".repeat(200));
  await form.getByRole("button", { name: "Add class" }).click();
  await expect(
    form.getByText("Name must be at most 80 characters"),
  ).toBeVisible();
  await expectNoSidewaysScroll(
    page,
    "/classes with a 200-character name typed",
  );

  for (const name of Object.values(names)) await createClass(page, name);
  // A right-to-left override is stripped: what is shown is what was typed, in order.
  await submitNewClass(page, `\u202E${stamp}evil\u202C`);
  await expect(savedClassLink(page, `${stamp}evil`)).toBeVisible();

  // Section at its limit, and a class page with long assignment titles.
  await savedClassLink(page, names.unbroken).click();
  await expect(page.getByTestId("class-title")).toHaveText(names.unbroken);
  await expectLive(page);
  await page.getByRole("button", { name: "Edit details" }).click();
  const edit = page.getByRole("form", { name: "Edit class" });
  await edit.getByLabel("Section").fill(unbrokenSection);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  const classUrl = page.url();
  const add = page.getByRole("form", { name: "Add an assignment" });
  for (const [title, due] of [
    [unbrokenTitle, "2030-09-15"],
    [names.rtl, ""],
    [names.emoji, "2031-01-02"],
  ] as const) {
    await add.getByLabel("Title").fill(title);
    if (due) await add.getByLabel("Due date").fill(due);
    await add.getByRole("button", { name: "Add" }).click();
    await expect(
      page.getByTestId("assignment-title").getByText(title, { exact: true }),
    ).toBeVisible();
  }

  for (const viewport of viewports) {
    await page.setViewportSize(viewport);

    await page.goto("/classes");
    await expectLive(page);
    for (const name of Object.values(names)) {
      await expect(savedClassLink(page, name)).toBeVisible();
    }
    await expectNoSidewaysScroll(page, `/classes at ${viewport.name} width`);
    await expectCardsContainText(page);

    // The header keeps one status label visible beside its dot.
    const indicator = page.getByTestId("connection-indicator");
    await expect(indicator.getByText("Online", { exact: true })).toBeVisible();

    await page.goto(classUrl);
    await expectLive(page);
    await expectNoSidewaysScroll(page, `class page at ${viewport.name} width`);

    // Titles get real width (not one letter per line) and Edit/Delete stay on one line.
    const title = page
      .getByTestId("assignment-title")
      .getByText(unbrokenTitle, { exact: true });
    const titleBox = (await title.boundingBox())!;
    const itemBox = (await page
      .getByTestId("assignment-item")
      .filter({ has: title })
      .boundingBox())!;
    expect(
      titleBox.width,
      "the title gets at least half its row",
    ).toBeGreaterThan(itemBox.width * 0.5);
    for (const label of ["Edit", "Delete"]) {
      const button = page.getByRole("button", {
        name: `${label} “${unbrokenTitle}”`,
      });
      const box = (await button.boundingBox())!;
      expect(box.height, `${label} button wraps`).toBeLessThan(40);
    }

    // The delete confirmation fits too.
    await page
      .getByRole("button", { name: `Delete “${unbrokenTitle}”` })
      .click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectNoSidewaysScroll(
      page,
      `assignment delete confirmation at ${viewport.name} width`,
    );
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: "Cancel" })
      .click();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await expectNoSidewaysScroll(
      page,
      `class delete confirmation at ${viewport.name} width`,
    );
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: "Cancel" })
      .click();
  }
});
