import { describe, expect, test } from "vitest";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { errorData, setup } from "./convex-test-setup";

describe("classes.create and classes.list", () => {
  test("creates a class owned by the caller and lists it with counts", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, {
      name: "  Biology 101 ",
      section: "B",
      term: "",
    });
    await asAlice.mutation(api.assignments.create, {
      classId,
      title: "Lab report",
    });
    const second = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "Quiz",
    });
    await asAlice.mutation(api.assignments.setDone, {
      assignmentId: second,
      done: true,
    });

    const classes = await asAlice.query(api.classes.list, {});
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({
      _id: classId,
      name: "Biology 101",
      section: "B",
      archived: false,
      assignmentCount: 2,
      openCount: 1,
      ownerId: "http://127.0.0.1:3220|user_alice",
    });
    expect(classes[0]).not.toHaveProperty("term");
  });

  test("lists newest first and only the caller's classes", async () => {
    const { asAlice, asBob } = setup();
    await asAlice.mutation(api.classes.create, { name: "First" });
    await asAlice.mutation(api.classes.create, { name: "Second" });
    await asBob.mutation(api.classes.create, { name: "Bob's class" });

    const names = (await asAlice.query(api.classes.list, {})).map(
      (c) => c.name,
    );
    expect(names).toEqual(["Second", "First"]);
    expect(
      (await asBob.query(api.classes.list, {})).map((c) => c.name),
    ).toEqual(["Bob's class"]);
  });

  test("a new user has no classes", async () => {
    const { asBob } = setup();
    expect(await asBob.query(api.classes.list, {})).toEqual([]);
  });
});

describe("classes.get", () => {
  test("returns the class with its assignments, oldest first", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, {
      name: "Chemistry",
    });
    await asAlice.mutation(api.assignments.create, { classId, title: "One" });
    await asAlice.mutation(api.assignments.create, {
      classId,
      title: "Two",
      dueDate: "2030-02-28",
    });
    const result = (await asAlice.query(api.classes.get, { classId }))!;
    expect(result.class.name).toBe("Chemistry");
    expect(result.assignments.map((a) => [a.title, a.dueDate, a.done])).toEqual(
      [
        ["One", undefined, false],
        ["Two", "2030-02-28", false],
      ],
    );
  });

  test("another user's class reads null, with none of its data", async () => {
    const { asAlice, asBob } = setup();
    const classId = await asAlice.mutation(api.classes.create, {
      name: "Secret seminar",
    });
    expect(await asBob.query(api.classes.get, { classId })).toBeNull();
  });

  test("a malformed or deleted id reads null instead of throwing", async () => {
    const { asAlice } = setup();
    expect(
      await asAlice.query(api.classes.get, { classId: "not-an-id" }),
    ).toBeNull();

    const classId = await asAlice.mutation(api.classes.create, {
      name: "Gone",
    });
    await asAlice.mutation(api.assignments.create, { classId, title: "Lab" });
    await asAlice.mutation(api.classes.remove, { classId });
    expect(await asAlice.query(api.classes.get, { classId })).toBeNull();
  });

  test("writes to another user's class still fail with NOT_FOUND", async () => {
    const { asAlice, asBob } = setup();
    const classId = await asAlice.mutation(api.classes.create, {
      name: "Secret seminar",
    });
    const data = await errorData(() =>
      asBob.mutation(api.classes.update, { classId, name: "Mine now" }),
    );
    expect(data).toEqual({ code: "NOT_FOUND", message: "Class not found" });
    expect(JSON.stringify(data)).not.toContain("Secret");
    expect(
      (await asAlice.query(api.classes.get, { classId }))?.class.name,
    ).toBe("Secret seminar");
  });
});

describe("classes.update and classes.setArchived", () => {
  test("renames and clears optional fields with empty values", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, {
      name: "Physics",
      section: "A",
      term: "Fall",
    });
    await asAlice.mutation(api.classes.update, {
      classId,
      name: "Physics II",
      section: "",
      term: "Spring",
    });
    const { class: found } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(found).toMatchObject({ name: "Physics II", term: "Spring" });
    expect(found).not.toHaveProperty("section");
  });

  test("archives and restores", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, { name: "Art" });
    await asAlice.mutation(api.classes.setArchived, {
      classId,
      archived: true,
    });
    expect((await asAlice.query(api.classes.list, {}))[0]?.archived).toBe(true);
    await asAlice.mutation(api.classes.setArchived, {
      classId,
      archived: false,
    });
    expect((await asAlice.query(api.classes.list, {}))[0]?.archived).toBe(
      false,
    );
  });

  test("another user cannot rename, archive or delete the class", async () => {
    const { asAlice, asBob } = setup();
    const classId = await asAlice.mutation(api.classes.create, {
      name: "Mine",
    });
    for (const run of [
      () => asBob.mutation(api.classes.update, { classId, name: "Stolen" }),
      () =>
        asBob.mutation(api.classes.setArchived, { classId, archived: true }),
      () => asBob.mutation(api.classes.remove, { classId }),
    ]) {
      expect(await errorData(run)).toMatchObject({ code: "NOT_FOUND" });
    }
    const { class: found } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(found).toMatchObject({ name: "Mine", archived: false });
  });
});

describe("classes.remove", () => {
  test("deletes the class and all its assignments, leaving other classes alone", async () => {
    const { t, asAlice } = setup();
    const doomed = await asAlice.mutation(api.classes.create, {
      name: "Doomed",
    });
    const kept = await asAlice.mutation(api.classes.create, { name: "Kept" });
    for (const title of ["a", "b", "c"]) {
      await asAlice.mutation(api.assignments.create, {
        classId: doomed,
        title,
      });
    }
    await asAlice.mutation(api.assignments.create, {
      classId: kept,
      title: "stays",
    });

    const result = await asAlice.mutation(api.classes.remove, {
      classId: doomed,
    });
    expect(result).toEqual({ deletedAssignments: 3 });

    const remaining = await t.run((ctx) =>
      ctx.db.query("assignments").collect(),
    );
    expect(remaining.map((a) => a.title)).toEqual(["stays"]);
    expect(
      (await asAlice.query(api.classes.list, {})).map((c) => c.name),
    ).toEqual(["Kept"]);
  });
});

describe("signed-out callers", () => {
  test("every class function rejects with UNAUTHENTICATED", async () => {
    const { t, asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, { name: "X" });
    const calls: Array<() => Promise<unknown>> = [
      () => t.query(api.classes.list, {}),
      () => t.query(api.classes.get, { classId }),
      () => t.mutation(api.classes.create, { name: "Y" }),
      () => t.mutation(api.classes.update, { classId, name: "Z" }),
      () => t.mutation(api.classes.setArchived, { classId, archived: true }),
      () => t.mutation(api.classes.remove, { classId }),
    ];
    for (const call of calls) {
      expect(await errorData(call)).toEqual({
        code: "UNAUTHENTICATED",
        message: "Not signed in",
      });
    }
  });
});

describe("validation", () => {
  test("rejects empty, whitespace-only and over-long names", async () => {
    const { asAlice } = setup();
    for (const name of ["", "   ", "x".repeat(81)]) {
      expect(
        await errorData(() => asAlice.mutation(api.classes.create, { name })),
      ).toMatchObject({ code: "VALIDATION", field: "Name" });
    }
    // The limit itself is allowed.
    await asAlice.mutation(api.classes.create, { name: "x".repeat(80) });
  });

  test("rejects over-long section and term", async () => {
    const { asAlice } = setup();
    expect(
      await errorData(() =>
        asAlice.mutation(api.classes.create, {
          name: "ok",
          section: "s".repeat(41),
        }),
      ),
    ).toMatchObject({ code: "VALIDATION", field: "Section" });
    const classId = await asAlice.mutation(api.classes.create, { name: "ok" });
    expect(
      await errorData(() =>
        asAlice.mutation(api.classes.update, {
          classId,
          name: "ok",
          term: "t".repeat(41),
        }),
      ),
    ).toMatchObject({ code: "VALIDATION", field: "Term" });
  });

  test("argument validators reject wrong types and ids from another table", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, { name: "ok" });
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "t",
    });
    await expect(
      asAlice.mutation(api.classes.create, {
        name: 42 as unknown as string,
      }),
    ).rejects.toThrow(/Validator|validator|Value does not match/);
    await expect(
      asAlice.mutation(api.classes.remove, {
        classId: assignmentId as unknown as Id<"classes">,
      }),
    ).rejects.toThrow();
    expect(await asAlice.query(api.classes.list, {})).toHaveLength(1);
  });
});
