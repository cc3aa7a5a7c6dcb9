import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED_SUBJECTS, SAMPLE_CLASSES, seedClassroom } from "../seed";
import { appConvexForFile } from "./helpers";

const listClasses = makeFunctionReference<
  "query",
  Record<string, never>,
  Array<{ name: string }>
>("classes:list");

const stack = appConvexForFile();

async function namesSeenBy(sub: string) {
  const http = new ConvexHttpClient(stack.convex.url);
  http.setAuth(await stack.issuer.mint({ sub }));
  return (await http.query(listClasses, {})).map((c) => c.name).sort();
}

describe("seedClassroom", () => {
  it("gives the teacher and the student classes with names of their own", async () => {
    const summary = await seedClassroom(
      stack.convex.engine,
      stack.issuer.issuer,
    );
    expect(summary).toMatch(
      /^seeded user_teacher \(2 classes, 6 assignments\), user_student \(2 classes, 6 assignments\)$/,
    );

    const teacher = await namesSeenBy("user_teacher");
    const student = await namesSeenBy("user_student");
    expect(teacher).toEqual(["Algebra I", "World History"]);
    expect(student).toEqual(["Biology Lab", "Spanish II"]);
    // No name in one list appears in the other, so a leak would show by eye.
    expect(teacher.filter((name) => student.includes(name))).toEqual([]);

    const titles = (await stack.convex.engine.readAll("assignments")).map(
      (row) => row.title,
    );
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("adds nothing for a user who already has classes, and names other users' samples after them", async () => {
    expect(await seedClassroom(stack.convex.engine, stack.issuer.issuer)).toBe(
      "left user_teacher, user_student alone (they already have classes)",
    );
    await seedClassroom(stack.convex.engine, stack.issuer.issuer, [
      "user_guest",
    ]);
    expect(await namesSeenBy("user_guest")).toEqual([
      "Sample class for user_guest",
    ]);
  });

  it("has samples for every default subject", () => {
    for (const subject of DEFAULT_SEED_SUBJECTS) {
      expect(SAMPLE_CLASSES[subject]?.length).toBeGreaterThan(0);
    }
  });
});
