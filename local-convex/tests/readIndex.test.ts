import { describe, expect, it } from "vitest";
import { ReadIndex, ReadSet, type DocumentWrite } from "../readSets";

function readSet(build: (set: ReadSet) => void) {
  const set = new ReadSet();
  build(set);
  return set;
}

const write = (
  table: string,
  id: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): DocumentWrite => ({ table, id, before, after });

describe("ReadIndex", () => {
  const index = new ReadIndex<string>();
  index.add(
    "alice notes",
    readSet((s) =>
      s.ranges.push({
        table: "notes",
        bounds: [{ type: "Eq", fieldPath: "owner", value: "alice" }],
      }),
    ),
  );
  index.add(
    "bob notes",
    readSet((s) =>
      s.ranges.push({
        table: "notes",
        bounds: [{ type: "Eq", fieldPath: "owner", value: "bob" }],
      }),
    ),
  );
  index.add(
    "recent scores",
    readSet((s) =>
      s.ranges.push({
        table: "notes",
        bounds: [{ type: "Gt", fieldPath: "score", value: 3 }],
      }),
    ),
  );
  index.add(
    "one note",
    readSet((s) => s.ids.add("7notes")),
  );
  index.add(
    "all classes",
    readSet((s) => s.tables.add("classes")),
  );
  const candidates = (...writes: DocumentWrite[]) =>
    [...index.candidates(writes, new Set())].sort();

  it("files eq-string ranges by value, other ranges by table, ids by id", () => {
    expect(
      candidates(write("notes", "9notes", null, { owner: "alice", score: 1 })),
    ).toEqual(["alice notes", "recent scores"]);
    // A document moving from Bob to Alice concerns both.
    expect(
      candidates(
        write("notes", "7notes", { owner: "bob" }, { owner: "alice" }),
      ),
    ).toEqual(["alice notes", "bob notes", "one note", "recent scores"]);
    expect(candidates(write("classes", "1classes", null, {}))).toEqual([
      "all classes",
    ]);
    expect(
      candidates(write("other", "1other", null, { owner: "bob" })),
    ).toEqual([]);
  });

  it("forgets a reader once removed", () => {
    index.remove("bob notes");
    index.remove("recent scores");
    expect(
      candidates(write("notes", "8notes", { owner: "bob" }, null)),
    ).toEqual([]);
  });
});
