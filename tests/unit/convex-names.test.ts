import { describe, expect, test } from "vitest";
import { api } from "@/convex/_generated/api";
import {
  cleanText,
  lengthProblem,
  UNITS_PER_CHARACTER,
  visibleLength,
} from "@/convex/lib/text";
import { errorData, setup } from "./convex-test-setup";

const ZWSP = "\u200B";
const RLO = "\u202E";
const PDF = "\u202C";

describe("cleanText", () => {
  test("normalises to NFC, trims and collapses white space", () => {
    // "e" + combining acute becomes one code point.
    expect(cleanText("  Cafe\u0301   Club \t\n")).toBe("Caf\u00E9 Club");
  });

  test("drops zero-width and bidi control characters", () => {
    expect(cleanText(`${RLO}live${PDF}`)).toBe("live");
    expect(cleanText(`a${ZWSP}b\u2066c\u2069\uFEFF`)).toBe("abc");
    expect(cleanText(`${ZWSP}${ZWSP}\u200D`)).toBe("");
  });

  test("keeps joiners inside emoji sequences and right-to-left text as typed", () => {
    const family = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}";
    expect(cleanText(`Family ${family}`)).toBe(`Family ${family}`);
    expect(cleanText("\u200Dstray\u200C")).toBe("stray");
    expect(cleanText("שיעור מתמטיקה")).toBe("שיעור מתמטיקה");
  });
});

// What people type, each one character on screen.
const FAMILY = "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}"; // 11 units
const COUPLE =
  "\u{1F469}\u{1F3FB}\u200D\u2764\uFE0F\u200D\u{1F48B}\u200D\u{1F468}\u{1F3FC}"; // 15 units
const FLAG = "\u{1F1FA}\u{1F1E6}"; // 4 units
const THUMBS = "\u{1F44D}\u{1F3FD}"; // 4 units
// "x" with accents that have no precomposed form, so NFC keeps them combining.
const MARKED = "x\u0323\u0302\u0301";

describe("visibleLength and lengthProblem", () => {
  test("count graphemes: emoji, flags, ZWJ sequences and combining marks are one each", () => {
    expect(visibleLength("Biology")).toBe(7);
    for (const one of [FAMILY, COUPLE, FLAG, THUMBS, MARKED, "\u{1F600}"]) {
      expect(visibleLength(one)).toBe(1);
    }
    expect(visibleLength(`Art ${FAMILY}${FLAG}`)).toBe(6);
    expect(visibleLength("")).toBe(0);
  });

  test("80 emoji fit an 80-character name, 81 do not", () => {
    expect(lengthProblem("Name", "\u{1F600}".repeat(80), 80)).toBeNull();
    expect(lengthProblem("Name", FAMILY.repeat(80), 80)).toBeNull();
    expect(lengthProblem("Name", COUPLE.repeat(80), 80)).toBeNull();
    expect(lengthProblem("Name", FLAG.repeat(81), 80)).toBe(
      "Name must be at most 80 characters",
    );
  });

  test("piling combining marks on a few letters still meets a bound", () => {
    const heavy = `a${"\u0301".repeat(80 * UNITS_PER_CHARACTER)}`;
    expect(visibleLength(heavy)).toBe(1);
    expect(lengthProblem("Name", heavy, 80)).toBe(
      "Name has too many accents or joined symbols for its length; shorten it",
    );
    // Just at the bound is fine; one unit more is not.
    const atBound = `a${"\u0301".repeat(80 * UNITS_PER_CHARACTER - 1)}`;
    expect(lengthProblem("Name", atBound, 80)).toBeNull();
    expect(lengthProblem("Name", `${atBound}\u0301`, 80)).not.toBeNull();
    // Plainly too many letters says so, however long the input.
    expect(lengthProblem("Name", "x".repeat(100_000), 80)).toBe(
      "Name must be at most 80 characters",
    );
  });
});

describe("names in Convex functions", () => {
  test("a class name made only of invisible characters is rejected with a sentence", async () => {
    const { asAlice } = setup();
    for (const name of [
      ZWSP,
      `${ZWSP}\u200D${ZWSP}`,
      `${RLO}${PDF}`,
      "\uFEFF ",
    ]) {
      expect(
        await errorData(() => asAlice.mutation(api.classes.create, { name })),
      ).toEqual({
        code: "VALIDATION",
        field: "Name",
        message:
          "Name must contain visible characters, not only spaces or invisible ones",
      });
    }
    expect(
      await errorData(() => asAlice.mutation(api.classes.create, { name: "" })),
    ).toMatchObject({ field: "Name", message: "Name is required" });
  });

  test("a bidi override cannot make one name display as another", async () => {
    const { asAlice } = setup();
    // Stored as typed, "evil" under a right-to-left override displays as "live".
    const classId = await asAlice.mutation(api.classes.create, {
      name: `${RLO}evil${PDF}`,
      section: `A${ZWSP}`,
      term: `${ZWSP}`,
    });
    const { class: saved } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(saved.name).toBe("evil");
    expect(saved.section).toBe("A");
    expect(saved).not.toHaveProperty("term");
  });

  test("renames and assignment titles are cleaned the same way", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, { name: "X" });
    await asAlice.mutation(api.classes.update, {
      classId,
      name: `Cafe\u0301${ZWSP}`,
    });
    const assignmentId = await asAlice.mutation(api.assignments.create, {
      classId,
      title: `${RLO}kooB${PDF} report`,
    });
    expect(
      await errorData(() =>
        asAlice.mutation(api.assignments.update, {
          assignmentId,
          title: `${ZWSP}\u2060`,
        }),
      ),
    ).toMatchObject({ field: "Title", code: "VALIDATION" });
    const result = (await asAlice.query(api.classes.get, { classId }))!;
    expect(result.class.name).toBe("Caf\u00E9");
    expect(result.assignments.map((a) => a.title)).toEqual(["kooB report"]);
  });

  test("the length limit counts graphemes: 80 emoji or ZWJ families fit, 81 do not", async () => {
    const { asAlice } = setup();
    for (const name of [
      "\u{1F600}".repeat(80),
      FAMILY.repeat(80),
      `${MARKED}${"b".repeat(79)}`,
    ]) {
      const classId = await asAlice.mutation(api.classes.create, { name });
      expect(
        (await asAlice.query(api.classes.get, { classId }))!.class.name,
      ).toBe(name);
    }
    expect(
      await errorData(() =>
        asAlice.mutation(api.classes.create, { name: FAMILY.repeat(81) }),
      ),
    ).toEqual({
      code: "VALIDATION",
      field: "Name",
      message: "Name must be at most 80 characters",
    });
    // Section and term count the same way (limit 40).
    const classId = await asAlice.mutation(api.classes.create, {
      name: "Emoji",
      section: THUMBS.repeat(40),
    });
    expect(
      (await asAlice.query(api.classes.get, { classId }))!.class.section,
    ).toBe(THUMBS.repeat(40));
    expect(
      await errorData(() =>
        asAlice.mutation(api.classes.update, {
          classId,
          name: "Emoji",
          term: FLAG.repeat(41),
        }),
      ),
    ).toMatchObject({
      field: "Term",
      message: "Term must be at most 40 characters",
    });
  });

  test("a name of stacked combining marks is refused by the unit bound", async () => {
    const { asAlice } = setup();
    const name = `${"a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308".repeat(10)}${"\u0301".repeat(2000)}`;
    expect(visibleLength(cleanText(name))).toBeLessThanOrEqual(80);
    expect(
      await errorData(() => asAlice.mutation(api.classes.create, { name })),
    ).toEqual({
      code: "VALIDATION",
      field: "Name",
      message:
        "Name has too many accents or joined symbols for its length; shorten it",
    });
  });

  test("the length limit counts the cleaned text", async () => {
    const { asAlice } = setup();
    const name = `${"n".repeat(80)}${ZWSP.repeat(10)}`;
    const classId = await asAlice.mutation(api.classes.create, { name });
    const { class: saved } = (await asAlice.query(api.classes.get, {
      classId,
    }))!;
    expect(saved.name).toBe("n".repeat(80));
    expect(
      await errorData(() =>
        asAlice.mutation(api.classes.create, { name: "n".repeat(81) }),
      ),
    ).toMatchObject({
      field: "Name",
      message: "Name must be at most 80 characters",
    });
  });
});

describe("due dates", () => {
  test("a date outside 1900-2999 names the allowed range", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, { name: "X" });
    for (const dueDate of ["3000-01-01", "1899-12-31"]) {
      expect(
        await errorData(() =>
          asAlice.mutation(api.assignments.create, {
            classId,
            title: "t",
            dueDate,
          }),
        ),
      ).toEqual({
        code: "VALIDATION",
        field: "dueDate",
        message: "Enter a date between Jan 1, 1900 and Dec 31, 2999",
      });
    }
    expect(
      await errorData(() =>
        asAlice.mutation(api.assignments.create, {
          classId,
          title: "t",
          dueDate: "2030-02-30",
        }),
      ),
    ).toMatchObject({ message: "Enter a real date, like 2030-09-15" });
    await asAlice.mutation(api.assignments.create, {
      classId,
      title: "last day",
      dueDate: "2999-12-31",
    });
  });
});

describe("archived classes", () => {
  test("take no new assignments, and take them again once restored", async () => {
    const { asAlice } = setup();
    const classId = await asAlice.mutation(api.classes.create, { name: "X" });
    await asAlice.mutation(api.classes.setArchived, {
      classId,
      archived: true,
    });
    expect(
      await errorData(() =>
        asAlice.mutation(api.assignments.create, { classId, title: "late" }),
      ),
    ).toEqual({
      code: "VALIDATION",
      field: "Class",
      message: "This class is archived. Restore it to add assignments.",
    });
    expect(
      (await asAlice.query(api.classes.get, { classId }))!.assignments,
    ).toEqual([]);
    await asAlice.mutation(api.classes.setArchived, {
      classId,
      archived: false,
    });
    await asAlice.mutation(api.assignments.create, { classId, title: "ok" });
    expect(
      (await asAlice.query(api.classes.get, { classId }))!.assignments,
    ).toHaveLength(1);
  });
});
