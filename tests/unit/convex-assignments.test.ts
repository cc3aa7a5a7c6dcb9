import { describe, expect, test } from "vitest";
import { api } from "@/convex/_generated/api";
import { errorData, setup } from "./convex-test-setup";

async function aliceWithClass() {
  const context = setup();
  const classId = await context.asAlice.mutation(api.classes.create, {
    name: "History",
  });
  return { ...context, classId };
}

describe("assignments.create", () => {
  test("adds an open assignment to the caller's class", async () => {
    const { asAlice, classId } = await aliceWithClass();
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: " Essay ",
      dueDate: "2030-01-15",
    });
    const { assignments } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(assignments).toEqual([
      expect.objectContaining({
        _id: assignmentId,
        classId,
        title: "Essay",
        dueDate: "2030-01-15",
        done: false,
      }),
    ]);
  });

  test("cannot add to another user's class", async () => {
    const { asBob, classId, t } = await aliceWithClass();
    expect(
      await errorData(() =>
        asBob.mutation(api.assignments.create, { classId, title: "Spam" }),
      ),
    ).toEqual({ code: "NOT_FOUND", message: "Class not found" });
    expect(await t.run((ctx) => ctx.db.query("assignments").collect())).toEqual(
      [],
    );
  });

  test("validates title length and due date", async () => {
    const { asAlice, classId } = await aliceWithClass();
    for (const title of ["", "  ", "t".repeat(121)]) {
      expect(
        await errorData(() =>
          asAlice.mutation(api.assignments.create, { classId, title }),
        ),
      ).toMatchObject({ code: "VALIDATION", field: "Title" });
    }
    for (const dueDate of [
      "tomorrow",
      "2030-02-30",
      "2030-13-01",
      "30-01-01",
    ]) {
      expect(
        await errorData(() =>
          asAlice.mutation(api.assignments.create, {
            classId,
            title: "ok",
            dueDate,
          }),
        ),
      ).toMatchObject({ code: "VALIDATION", field: "dueDate" });
    }
    // Empty due date means "no due date".
    const id = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "t".repeat(120),
      dueDate: "",
    });
    const { assignments } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(assignments.find((a) => a._id === id)).not.toHaveProperty("dueDate");
  });
});

describe("assignments.update, setDone and remove", () => {
  test("edits title and clears the due date", async () => {
    const { asAlice, classId } = await aliceWithClass();
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "Draft",
      dueDate: "2030-03-01",
    });
    await asAlice.mutation(api.assignments.update, {
      assignmentId,
      title: "Final",
    });
    const [assignment] = (await asAlice.query(api.classes.get, { classId }))!
      .assignments;
    expect(assignment).toMatchObject({ title: "Final" });
    expect(assignment).not.toHaveProperty("dueDate");
  });

  test("toggles done both ways and updates the open count", async () => {
    const { asAlice, classId } = await aliceWithClass();
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "Read chapter 3",
    });
    await asAlice.mutation(api.assignments.setDone, {
      assignmentId,
      done: true,
    });
    expect((await asAlice.query(api.classes.list, {}))[0]).toMatchObject({
      assignmentCount: 1,
      openCount: 0,
    });
    await asAlice.mutation(api.assignments.setDone, {
      assignmentId,
      done: false,
    });
    expect((await asAlice.query(api.classes.list, {}))[0]?.openCount).toBe(1);
  });

  test("removes one assignment", async () => {
    const { asAlice, classId } = await aliceWithClass();
    const keep = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "keep",
    });
    const drop = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "drop",
    });
    await asAlice.mutation(api.assignments.remove, { assignmentId: drop });
    const { assignments } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(assignments.map((a) => a._id)).toEqual([keep]);
    expect(
      await errorData(() =>
        asAlice.mutation(api.assignments.remove, { assignmentId: drop }),
      ),
    ).toEqual({ code: "NOT_FOUND", message: "Assignment not found" });
  });

  test("another user cannot edit, toggle or delete the assignment", async () => {
    const { asAlice, asBob, classId } = await aliceWithClass();
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "Private",
    });
    for (const run of [
      () =>
        asBob.mutation(api.assignments.update, {
          assignmentId,
          title: "Hijacked",
        }),
      () =>
        asBob.mutation(api.assignments.setDone, { assignmentId, done: true }),
      () => asBob.mutation(api.assignments.remove, { assignmentId }),
    ]) {
      expect(await errorData(run)).toEqual({
        code: "NOT_FOUND",
        message: "Assignment not found",
      });
    }
    const [assignment] = (await asAlice.query(api.classes.get, { classId }))!
      .assignments;
    expect(assignment).toMatchObject({ title: "Private", done: false });
  });

  test("update validates like create", async () => {
    const { asAlice, classId } = await aliceWithClass();
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "ok",
    });
    expect(
      await errorData(() =>
        asAlice.mutation(api.assignments.update, {
          assignmentId,
          title: "ok",
          dueDate: "2031-02-29",
        }),
      ),
    ).toMatchObject({ code: "VALIDATION", field: "dueDate" });
    await expect(
      asAlice.mutation(api.assignments.setDone, {
        assignmentId,
        done: "yes" as unknown as boolean,
      }),
    ).rejects.toThrow();
  });
});

describe("signed-out callers", () => {
  test("every assignment function rejects with UNAUTHENTICATED", async () => {
    const { t, asAlice, classId } = await aliceWithClass();
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: "x",
    });
    const calls: Array<() => Promise<unknown>> = [
      () => t.mutation(api.assignments.create, { classId, title: "y" }),
      () => t.mutation(api.assignments.update, { assignmentId, title: "z" }),
      () => t.mutation(api.assignments.setDone, { assignmentId, done: true }),
      () => t.mutation(api.assignments.remove, { assignmentId }),
    ];
    for (const call of calls) {
      expect(await errorData(call)).toMatchObject({ code: "UNAUTHENTICATED" });
    }
  });
});
