import { describe, expect, test } from "vitest";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import { errorData, setup } from "./convex-test-setup";

async function createClasses(
  asUser: ReturnType<typeof setup>["asAlice"],
  count: number,
  prefix: string,
) {
  const ids = [];
  for (let index = 0; index < count; index += 1) {
    ids.push(
      await asUser.mutation(api.classes.create, {
        name: `${prefix} ${index}`,
      }),
    );
  }
  return ids;
}

describe("classes.listPage", () => {
  test("pages through every active class once, newest first, with counts", async () => {
    const { asAlice } = setup();
    await createClasses(asAlice, 7, "Class");
    const newest = await asAlice.mutation(api.classes.create, {
      name: "Newest",
    });
    await asAlice.mutation(api.assignments.create, {
      classId: newest,
      title: "Read",
    });

    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const result: FunctionReturnType<typeof api.classes.listPage> =
        await asAlice.query(api.classes.listPage, {
          archived: false,
          paginationOpts: { numItems: 3, cursor },
        });
      pages += 1;
      expect(result.page.length).toBeLessThanOrEqual(3);
      if (pages === 1) {
        expect(result.page[0]).toMatchObject({
          name: "Newest",
          assignmentCount: 1,
          openCount: 1,
        });
      }
      names.push(...result.page.map((found) => found.name));
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(pages).toBe(3);
    expect(names).toEqual([
      "Newest",
      ...Array.from({ length: 7 }, (_, index) => `Class ${6 - index}`),
    ]);
  });

  test("active and archived classes are separate lists; other owners' never appear", async () => {
    const { asAlice, asBob } = setup();
    const [first, second] = await createClasses(asAlice, 2, "Mine");
    await asBob.mutation(api.classes.create, { name: "Bob's" });
    await asAlice.mutation(api.classes.setArchived, {
      classId: first!,
      archived: true,
    });
    const page = (archived: boolean) =>
      asAlice.query(api.classes.listPage, {
        archived,
        paginationOpts: { numItems: 10, cursor: null },
      });
    expect((await page(false)).page.map((c) => c._id)).toEqual([second]);
    expect((await page(true)).page.map((c) => c._id)).toEqual([first]);
    expect((await page(true)).isDone).toBe(true);
  });

  test("page sizes are bounded, and signed-out callers are refused", async () => {
    const { t, asAlice } = setup();
    for (const numItems of [0, 101, 2.5]) {
      expect(
        await errorData(() =>
          asAlice.query(api.classes.listPage, {
            archived: false,
            paginationOpts: { numItems, cursor: null },
          }),
        ),
      ).toMatchObject({
        code: "VALIDATION",
        message: "A page holds 1 to 100 classes",
      });
    }
    expect(
      await errorData(() =>
        t.query(api.classes.listPage, {
          archived: false,
          paginationOpts: { numItems: 10, cursor: null },
        }),
      ),
    ).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
