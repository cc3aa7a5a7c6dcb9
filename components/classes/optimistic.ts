import type { OptimisticLocalStore } from "convex/browser";
import { insertAtPosition, insertAtTop } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Doc, Id } from "@/convex/_generated/dataModel";
import type { ClassSummary } from "@/convex/classes";

/**
 * Local guesses applied the moment a mutation is sent and dropped when the
 * server's result arrives. Only queries already on screen are touched.
 */

const OPTIMISTIC_PREFIX = "optimistic:";
let counter = 0;

function optimisticId<Table extends "classes" | "assignments">(): Id<Table> {
  counter += 1;
  return `${OPTIMISTIC_PREFIX}${Date.now()}-${counter}` as Id<Table>;
}

export function isOptimisticId(id: string): boolean {
  return id.startsWith(OPTIMISTIC_PREFIX);
}

/**
 * Applies `change` to every class list loaded in this tab: each page of the
 * paginated list (`archived` says which list it belongs to) and the
 * all-at-once list (`archived` null).
 */
function updateClassLists(
  store: OptimisticLocalStore,
  change: (items: ClassSummary[], archived: boolean | null) => ClassSummary[],
) {
  for (const { args, value } of store.getAllQueries(api.classes.listPage)) {
    if (value === undefined) continue;
    store.setQuery(api.classes.listPage, args, {
      ...value,
      page: change(value.page, args.archived),
    });
  }
  const all = store.getQuery(api.classes.list, {});
  if (all !== undefined)
    store.setQuery(api.classes.list, {}, change(all, null));
}

function updateClassSummary(
  store: OptimisticLocalStore,
  classId: string,
  change: (summary: { assignmentCount: number; openCount: number }) => {
    assignmentCount: number;
    openCount: number;
  },
) {
  updateClassLists(store, (items) =>
    items.map((summary) =>
      summary._id === classId ? { ...summary, ...change(summary) } : summary,
    ),
  );
}

/** The class's summary from whichever loaded list has it. */
function findSummary(
  store: OptimisticLocalStore,
  classId: string,
): ClassSummary | undefined {
  for (const { value } of store.getAllQueries(api.classes.listPage)) {
    const found = value?.page.find((summary) => summary._id === classId);
    if (found) return found;
  }
  return store
    .getQuery(api.classes.list, {})
    ?.find((summary) => summary._id === classId);
}

function updateAssignments(
  store: OptimisticLocalStore,
  classId: string,
  change: (assignments: Doc<"assignments">[]) => Doc<"assignments">[],
) {
  const current = store.getQuery(api.classes.get, { classId });
  // Not loaded, or the class is gone: nothing to update.
  if (!current) return;
  store.setQuery(
    api.classes.get,
    { classId },
    { ...current, assignments: change(current.assignments) },
  );
}

export function createClassLocally(
  store: OptimisticLocalStore,
  args: { name: string; section?: string; term?: string },
) {
  const draft: ClassSummary = {
    _id: optimisticId<"classes">(),
    _creationTime: Date.now(),
    ownerId: "",
    name: args.name,
    archived: false,
    assignmentCount: 0,
    openCount: 0,
    ...(args.section ? { section: args.section } : {}),
    ...(args.term ? { term: args.term } : {}),
  };
  insertAtTop({
    paginatedQuery: api.classes.listPage,
    argsToMatch: { archived: false },
    localQueryStore: store,
    item: draft,
  });
  const all = store.getQuery(api.classes.list, {});
  if (all !== undefined) store.setQuery(api.classes.list, {}, [draft, ...all]);
}

/** Puts a class where the server would list it, newest first, if that part is loaded. */
function insertInOrder(store: OptimisticLocalStore, item: ClassSummary) {
  const pages = store
    .getAllQueries(api.classes.listPage)
    .filter(({ args, value }) => args.archived === item.archived && value);
  // convex's insertAtPosition skips empty pages, so an empty list gets its first item here.
  if (pages.every(({ value }) => value!.page.length === 0)) {
    const first = pages.find(({ args }) => args.paginationOpts.cursor === null);
    if (first?.value) {
      store.setQuery(api.classes.listPage, first.args, {
        ...first.value,
        page: [item],
      });
    }
    return;
  }
  insertAtPosition({
    paginatedQuery: api.classes.listPage,
    argsToMatch: { archived: item.archived },
    sortOrder: "desc",
    sortKeyFromItem: (found) => found._creationTime,
    localQueryStore: store,
    item,
  });
}

/** Moves the class between the active and archived lists, and flags the detail. */
export function setArchivedLocally(
  store: OptimisticLocalStore,
  args: { classId: Id<"classes">; archived: boolean },
) {
  const summary = findSummary(store, args.classId);
  updateClassLists(store, (items, archived) =>
    archived === null
      ? items.map((item) =>
          item._id === args.classId
            ? { ...item, archived: args.archived }
            : item,
        )
      : items.filter((item) => item._id !== args.classId),
  );
  if (summary) {
    insertInOrder(store, { ...summary, archived: args.archived });
  }
  const detail = store.getQuery(api.classes.get, { classId: args.classId });
  if (detail) {
    store.setQuery(
      api.classes.get,
      { classId: args.classId },
      { ...detail, class: { ...detail.class, archived: args.archived } },
    );
  }
}

export function createAssignmentLocally(
  store: OptimisticLocalStore,
  args: { classId: Id<"classes">; title: string; dueDate?: string },
) {
  updateAssignments(store, args.classId, (assignments) => [
    ...assignments,
    {
      _id: optimisticId<"assignments">(),
      _creationTime: Date.now(),
      classId: args.classId,
      ownerId: "",
      title: args.title,
      done: false,
      ...(args.dueDate ? { dueDate: args.dueDate } : {}),
    },
  ]);
  updateClassSummary(store, args.classId, (summary) => ({
    assignmentCount: summary.assignmentCount + 1,
    openCount: summary.openCount + 1,
  }));
}

/** The class id is passed along so the local store can find the right `classes.get` result. */
export function setDoneLocally(
  store: OptimisticLocalStore,
  args: { assignmentId: Id<"assignments">; done: boolean },
  classId: Id<"classes">,
) {
  let changed = false;
  updateAssignments(store, classId, (assignments) =>
    assignments.map((assignment) => {
      if (assignment._id !== args.assignmentId) return assignment;
      changed = assignment.done !== args.done;
      return { ...assignment, done: args.done };
    }),
  );
  if (changed) {
    updateClassSummary(store, classId, (summary) => ({
      assignmentCount: summary.assignmentCount,
      openCount: summary.openCount + (args.done ? -1 : 1),
    }));
  }
}

export function removeAssignmentLocally(
  store: OptimisticLocalStore,
  args: { assignmentId: Id<"assignments"> },
  classId: Id<"classes">,
) {
  let removed: Doc<"assignments"> | undefined;
  updateAssignments(store, classId, (assignments) =>
    assignments.filter((assignment) => {
      if (assignment._id !== args.assignmentId) return true;
      removed = assignment;
      return false;
    }),
  );
  if (removed) {
    const wasOpen = !removed.done;
    updateClassSummary(store, classId, (summary) => ({
      assignmentCount: summary.assignmentCount - 1,
      openCount: summary.openCount - (wasOpen ? 1 : 0),
    }));
  }
}
