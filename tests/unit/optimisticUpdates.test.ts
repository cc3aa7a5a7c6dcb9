import { describe, expect, test } from "vitest";
import type { OptimisticLocalStore } from "convex/browser";
import { getFunctionName } from "convex/server";
import { api } from "@/convex/_generated/api";
import type { Doc, Id } from "@/convex/_generated/dataModel";
import {
  createAssignmentLocally,
  createClassLocally,
  isOptimisticId,
  removeAssignmentLocally,
  setArchivedLocally,
  setDoneLocally,
} from "@/components/classes/optimistic";

/** Just enough of Convex's local store: results keyed by function name and args. */
function fakeStore(initial: Array<[unknown, object, unknown]>) {
  const results = new Map<string, { args: object; value: unknown }>();
  const key = (fn: unknown, args: object) =>
    `${getFunctionName(fn as never)}:${JSON.stringify(args)}`;
  for (const [fn, args, value] of initial) {
    results.set(key(fn, args), { args, value });
  }
  const store = {
    getQuery: (fn: unknown, args: object) => results.get(key(fn, args))?.value,
    setQuery: (fn: unknown, args: object, value: unknown) =>
      results.set(key(fn, args), { args, value }),
    getAllQueries: (fn: unknown) =>
      [...results.entries()]
        .filter(([name]) => name.startsWith(`${getFunctionName(fn as never)}:`))
        .map(([, entry]) => entry),
  } as unknown as OptimisticLocalStore;
  return {
    store,
    get: (fn: unknown, args: object) => results.get(key(fn, args))?.value,
  };
}

const classId = "c1" as Id<"classes">;
const baseClass: Doc<"classes"> = {
  _id: classId,
  _creationTime: 1,
  ownerId: "me",
  name: "Physics",
  archived: false,
};
const a1: Doc<"assignments"> = {
  _id: "a1" as Id<"assignments">,
  _creationTime: 2,
  classId,
  ownerId: "me",
  title: "Lab",
  done: false,
};

const firstPage = (archived: boolean) => ({
  archived,
  paginationOpts: { numItems: 24, cursor: null, id: archived ? 2 : 1 },
});
const page = (items: unknown[]) => ({
  page: items,
  isDone: true,
  continueCursor: "end",
});

function storeWithClass() {
  const summary = { ...baseClass, assignmentCount: 1, openCount: 1 };
  return fakeStore([
    [api.classes.list, {}, [summary]],
    [api.classes.listPage, firstPage(false), page([summary])],
    [api.classes.listPage, firstPage(true), page([])],
    [api.classes.get, { classId }, { class: baseClass, assignments: [a1] }],
  ]);
}

describe("optimistic updates", () => {
  test("toggling done flips the assignment and the open count", () => {
    const { store, get } = storeWithClass();
    setDoneLocally(store, { assignmentId: a1._id, done: true }, classId);
    expect(get(api.classes.get, { classId })).toMatchObject({
      assignments: [{ _id: "a1", done: true }],
    });
    expect(get(api.classes.list, {})).toMatchObject([{ openCount: 0 }]);
    // Setting the same value again changes nothing.
    setDoneLocally(store, { assignmentId: a1._id, done: true }, classId);
    expect(get(api.classes.list, {})).toMatchObject([{ openCount: 0 }]);
  });

  test("adding an assignment appends a pending item and bumps the counts", () => {
    const { store, get } = storeWithClass();
    createAssignmentLocally(store, {
      classId,
      title: "Essay",
      dueDate: "2030-01-01",
    });
    const detail = get(api.classes.get, { classId }) as {
      assignments: Doc<"assignments">[];
    };
    expect(detail.assignments).toHaveLength(2);
    const added = detail.assignments[1]!;
    expect(added).toMatchObject({
      title: "Essay",
      dueDate: "2030-01-01",
      done: false,
    });
    expect(isOptimisticId(added._id)).toBe(true);
    expect(get(api.classes.list, {})).toMatchObject([
      { assignmentCount: 2, openCount: 2 },
    ]);
  });

  test("removing an assignment drops it and fixes the counts", () => {
    const { store, get } = storeWithClass();
    removeAssignmentLocally(store, { assignmentId: a1._id }, classId);
    expect(get(api.classes.get, { classId })).toMatchObject({
      assignments: [],
    });
    expect(get(api.classes.list, {})).toMatchObject([
      { assignmentCount: 0, openCount: 0 },
    ]);
  });

  test("archiving updates both the list and the detail", () => {
    const { store, get } = storeWithClass();
    setArchivedLocally(store, { classId, archived: true });
    expect(get(api.classes.list, {})).toMatchObject([{ archived: true }]);
    expect(get(api.classes.get, { classId })).toMatchObject({
      class: { archived: true },
    });
  });

  test("a new class goes to the top of the list; nothing happens for queries not loaded", () => {
    const { store, get } = storeWithClass();
    createClassLocally(store, { name: "Art", term: "Fall" });
    const list = get(api.classes.list, {}) as Array<{
      name: string;
      _id: string;
    }>;
    expect(list.map((c) => c.name)).toEqual(["Art", "Physics"]);
    expect(isOptimisticId(list[0]!._id)).toBe(true);

    const empty = fakeStore([]);
    createClassLocally(empty.store, { name: "Nowhere" });
    setDoneLocally(empty.store, { assignmentId: a1._id, done: true }, classId);
    expect(empty.get(api.classes.list, {})).toBeUndefined();
  });

  test("paginated list: counts change in the loaded page", () => {
    const { store, get } = storeWithClass();
    setDoneLocally(store, { assignmentId: a1._id, done: true }, classId);
    expect(get(api.classes.listPage, firstPage(false))).toMatchObject({
      page: [{ _id: classId, openCount: 0, assignmentCount: 1 }],
    });
  });

  test("paginated list: a new class goes on top of the active first page only", () => {
    const { store, get } = storeWithClass();
    createClassLocally(store, { name: "Art" });
    const active = get(api.classes.listPage, firstPage(false)) as {
      page: Array<{ name: string }>;
    };
    expect(active.page.map((c) => c.name)).toEqual(["Art", "Physics"]);
    expect(get(api.classes.listPage, firstPage(true))).toMatchObject({
      page: [],
    });
  });

  test("paginated list: archiving moves the class to the archived list and back", () => {
    const { store, get } = storeWithClass();
    setArchivedLocally(store, { classId, archived: true });
    expect(get(api.classes.listPage, firstPage(false))).toMatchObject({
      page: [],
    });
    expect(get(api.classes.listPage, firstPage(true))).toMatchObject({
      page: [{ _id: classId, archived: true }],
    });
    setArchivedLocally(store, { classId, archived: false });
    expect(get(api.classes.listPage, firstPage(true))).toMatchObject({
      page: [],
    });
    expect(get(api.classes.listPage, firstPage(false))).toMatchObject({
      page: [{ _id: classId, archived: false }],
    });
  });

  test("a class the server reports gone (null) is left alone", () => {
    const { store, get } = fakeStore([[api.classes.get, { classId }, null]]);
    createAssignmentLocally(store, { classId, title: "Late" });
    setDoneLocally(store, { assignmentId: a1._id, done: true }, classId);
    setArchivedLocally(store, { classId, archived: true });
    expect(get(api.classes.get, { classId })).toBeNull();
  });
});
