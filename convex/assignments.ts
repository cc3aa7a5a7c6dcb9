import { v } from "convex/values";
import { mutation } from "./_generated/server";
import { ARCHIVED_CLASS_MESSAGE, invalid } from "./lib/errors";
import { ownedAssignment, ownedClass, requireOwner } from "./lib/ownership";
import { assignmentFields } from "./lib/validation";

// Assignments are read through `classes.get`, which returns a class with all of them.

export const create = mutation({
  args: {
    classId: v.id("classes"),
    title: v.string(),
    dueDate: v.optional(v.string()),
  },
  handler: async (ctx, { classId, ...rest }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedClass(ctx, ownerId, classId);
    // An archived class is finished: its list is kept as it was.
    if (found.archived) throw invalid("Class", ARCHIVED_CLASS_MESSAGE);
    return ctx.db.insert("assignments", {
      ...assignmentFields(rest),
      classId: found._id,
      ownerId,
      done: false,
    });
  },
});

/** Set the title and due date (an empty or missing due date clears it). */
export const update = mutation({
  args: {
    assignmentId: v.id("assignments"),
    title: v.string(),
    dueDate: v.optional(v.string()),
  },
  handler: async (ctx, { assignmentId, ...rest }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedAssignment(ctx, ownerId, assignmentId);
    await ctx.db.patch(found._id, assignmentFields(rest));
    return null;
  },
});

export const setDone = mutation({
  args: { assignmentId: v.id("assignments"), done: v.boolean() },
  handler: async (ctx, { assignmentId, done }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedAssignment(ctx, ownerId, assignmentId);
    await ctx.db.patch(found._id, { done });
    return null;
  },
});

export const remove = mutation({
  args: { assignmentId: v.id("assignments") },
  handler: async (ctx, { assignmentId }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedAssignment(ctx, ownerId, assignmentId);
    await ctx.db.delete(found._id);
    return null;
  },
});
