import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query } from "./_generated/server";
import { ownedClass, requireOwner } from "./lib/ownership";
import { classFields } from "./lib/validation";

export type ClassSummary = Doc<"classes"> & {
  assignmentCount: number;
  openCount: number;
};

/** My classes, newest first, each with how many assignments it has and how many are open. */
export const list = query({
  args: {},
  handler: async (ctx): Promise<ClassSummary[]> => {
    const ownerId = await requireOwner(ctx);
    const classes = await ctx.db
      .query("classes")
      .withIndex("by_owner", (q) => q.eq("ownerId", ownerId))
      .order("desc")
      .collect();
    return Promise.all(
      classes.map(async (found) => {
        const assignments = await ctx.db
          .query("assignments")
          .withIndex("by_class", (q) => q.eq("classId", found._id))
          .collect();
        return {
          ...found,
          assignmentCount: assignments.length,
          openCount: assignments.filter((a) => !a.done).length,
        };
      }),
    );
  },
});

/**
 * One class with its assignments (oldest first). `classId` is a plain string
 * because it comes straight from the URL: a malformed id reads "not found" too.
 */
export const get = query({
  args: { classId: v.string() },
  handler: async (ctx, { classId }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedClass(ctx, ownerId, classId);
    const assignments = await ctx.db
      .query("assignments")
      .withIndex("by_class", (q) => q.eq("classId", found._id))
      .collect();
    return { class: found, assignments };
  },
});

export const create = mutation({
  args: {
    name: v.string(),
    section: v.optional(v.string()),
    term: v.optional(v.string()),
  },
  handler: async (ctx, args) => {
    const ownerId = await requireOwner(ctx);
    const fields = classFields(args);
    return ctx.db.insert("classes", { ...fields, ownerId, archived: false });
  },
});

/** Rename a class and set (or clear, with an empty value) its section and term. */
export const update = mutation({
  args: {
    classId: v.id("classes"),
    name: v.string(),
    section: v.optional(v.string()),
    term: v.optional(v.string()),
  },
  handler: async (ctx, { classId, ...rest }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedClass(ctx, ownerId, classId);
    await ctx.db.patch(found._id, classFields(rest));
    return null;
  },
});

export const setArchived = mutation({
  args: { classId: v.id("classes"), archived: v.boolean() },
  handler: async (ctx, { classId, archived }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedClass(ctx, ownerId, classId);
    await ctx.db.patch(found._id, { archived });
    return null;
  },
});

/** Deletes the class and every assignment in it, in one transaction. */
export const remove = mutation({
  args: { classId: v.id("classes") },
  handler: async (ctx, { classId }) => {
    const ownerId = await requireOwner(ctx);
    const found = await ownedClass(ctx, ownerId, classId);
    const assignments = await ctx.db
      .query("assignments")
      .withIndex("by_class", (q) => q.eq("classId", found._id))
      .collect();
    for (const assignment of assignments) {
      await ctx.db.delete(assignment._id);
    }
    await ctx.db.delete(found._id);
    return { deletedAssignments: assignments.length };
  },
});
