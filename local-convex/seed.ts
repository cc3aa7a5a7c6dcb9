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
    const counts = await seedOwner(engine, ownerId);
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

async function seedOwner(engine: Engine, ownerId: string) {
  const classes = [
    { name: "Algebra I", section: "Period 2", term: "Fall" },
    { name: "World History", section: "Period 4", term: "Fall" },
  ];
  let assignments = 0;
  for (const [index, details] of classes.entries()) {
    const classId = await engine.insert("classes", {
      ownerId,
      archived: false,
      ...details,
    });
    for (const [n, title] of [
      "Reading",
      "Problem set",
      "Quiz review",
    ].entries()) {
      await engine.insert("assignments", {
        classId,
        ownerId,
        title: `${title} ${index + 1}.${n + 1}`,
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
