import type { Engine } from "./engine";

/** The preset teacher of the local Clerk stand-in. */
export const DEFAULT_SEED_SUBJECT = "user_teacher";

/**
 * Development rows for the classroom tables, owned by the user whose tokens
 * carry `subject` as `sub` from `issuer` (`ownerId` is the token identifier
 * `issuer|sub`). Runs only when the schema has both tables and `classes` is
 * empty.
 */
export async function seedClassroom(
  engine: Engine,
  issuer: string,
  subject: string = DEFAULT_SEED_SUBJECT,
): Promise<string> {
  const tables = engine.tableNames();
  if (!tables.includes("classes") || !tables.includes("assignments")) {
    return "seed skipped: the schema has no classes/assignments tables";
  }
  if ((await engine.readAll("classes")).length > 0) {
    return "seed skipped: classes already has rows";
  }
  const ownerId = `${issuer.replace(/\/+$/, "")}|${subject}`;
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
  return `seeded ${classes.length} classes and ${assignments} assignments for ${subject} (ownerId ${ownerId})`;
}
