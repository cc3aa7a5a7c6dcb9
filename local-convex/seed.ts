import type { Engine } from "./engine";

/** The development users the local Clerk stand-in signs in (their `sub` values). */
export const DEFAULT_SEED_SUBJECTS = ["user_teacher", "user_student"];

/**
 * Development rows for the classroom tables, for each user in `subjects` who owns
 * no class yet (so running it again adds nothing). `ownerId` is the token
 * identifier `issuer|sub`, as Convex derives it from the user's token. Returns one
 * line saying whose data was added or why nothing was.
 */
export async function seedClassroom(
  engine: Engine,
  issuer: string,
  subjects: readonly string[] = DEFAULT_SEED_SUBJECTS,
): Promise<string> {
  const tables = engine.tableNames();
  if (!tables.includes("classes") || !tables.includes("assignments")) {
    return "seed skipped: the schema has no classes/assignments tables";
  }
  const existing = await engine.readAll("classes");
  const seeded: string[] = [];
  const skipped: string[] = [];
  for (const subject of subjects) {
    const ownerId = `${issuer.replace(/\/+$/, "")}|${subject}`;
    if (existing.some((row) => row.ownerId === ownerId)) {
      skipped.push(subject);
      continue;
    }
    const counts = await seedOwner(engine, ownerId, subject);
    seeded.push(
      `${subject} (${counts.classes} classes, ${counts.assignments} assignments)`,
    );
  }
  const parts = [];
  if (seeded.length > 0) parts.push(`seeded ${seeded.join(", ")}`);
  if (skipped.length > 0) {
    parts.push(`left ${skipped.join(", ")} alone (they already have classes)`);
  }
  return parts.join("; ") || "seed skipped: no users given";
}

type SampleClass = {
  name: string;
  section: string;
  term: string;
  assignments: string[];
};

/**
 * Each preset user gets classes of their own, named so that one user's list can
 * be told from the other's at a glance (the check that a student never sees the
 * teacher's classes is done by eye as well as by tests).
 */
export const SAMPLE_CLASSES: Readonly<Record<string, readonly SampleClass[]>> =
  {
    user_teacher: [
      {
        name: "Algebra I",
        section: "Period 2",
        term: "Fall",
        assignments: ["Linear equations", "Graphing lines", "Quiz review"],
      },
      {
        name: "World History",
        section: "Period 4",
        term: "Fall",
        assignments: ["Ancient Rome", "Map of trade routes", "Essay outline"],
      },
    ],
    user_student: [
      {
        name: "Biology Lab",
        section: "Room 12",
        term: "Spring",
        assignments: ["Cell diagram", "Microscope lab", "Lab report"],
      },
      {
        name: "Spanish II",
        section: "Period 6",
        term: "Spring",
        assignments: ["Vocabulary list", "Dialogue practice", "Listening quiz"],
      },
    ],
  };

/** For any other subject: still named after its owner, so no two users share names. */
function samplesFor(subject: string): readonly SampleClass[] {
  return (
    SAMPLE_CLASSES[subject] ?? [
      {
        name: `Sample class for ${subject}`,
        section: "Section A",
        term: "Fall",
        assignments: ["Reading", "Problem set", "Quiz review"],
      },
    ]
  );
}

async function seedOwner(engine: Engine, ownerId: string, subject: string) {
  const classes = samplesFor(subject);
  let assignments = 0;
  for (const { assignments: titles, ...details } of classes) {
    const classId = await engine.insert("classes", {
      ownerId,
      archived: false,
      ...details,
    });
    for (const [n, title] of titles.entries()) {
      await engine.insert("assignments", {
        classId,
        ownerId,
        title,
        dueDate: new Date(Date.now() + (n + 1) * 86_400_000)
          .toISOString()
          .slice(0, 10),
        done: n === 0,
      });
      assignments += 1;
    }
  }
  return { classes: classes.length, assignments };
}
