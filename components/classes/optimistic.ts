import type { OptimisticLocalStore } from "convex/browser";
import { api } from "@/convex/_generated/api";
import type { Doc, Id } from "@/convex/_generated/dataModel";

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

function updateClassSummary(
  store: OptimisticLocalStore,
  classId: string,
  change: (summary: { assignmentCount: number; openCount: number }) => {
    assignmentCount: number;
    openCount: number;
  },
) {
  const list = store.getQuery(api.classes.list, {});
  if (list === undefined) return;
  store.setQuery(
    api.classes.list,
    {},
    list.map((summary) =>
      summary._id === classId ? { ...summary, ...change(summary) } : summary,
    ),
  );
}

function updateAssignments(
  store: OptimisticLocalStore,
  classId: string,
  change: (assignments: Doc<"assignments">[]) => Doc<"assignments">[],
) {
  const current = store.getQuery(api.classes.get, { classId });
  if (current === undefined) return;
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
  const list = store.getQuery(api.classes.list, {});
  if (list === undefined) return;
  const draft = {
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
  store.setQuery(api.classes.list, {}, [draft, ...list]);
}

export function setArchivedLocally(
  store: OptimisticLocalStore,
  args: { classId: Id<"classes">; archived: boolean },
) {
  const list = store.getQuery(api.classes.list, {});
  if (list !== undefined) {
    store.setQuery(
      api.classes.list,
      {},
      list.map((summary) =>
        summary._id === args.classId
          ? { ...summary, archived: args.archived }
          : summary,
      ),
    );
  }
  const detail = store.getQuery(api.classes.get, { classId: args.classId });
  if (detail !== undefined) {
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
