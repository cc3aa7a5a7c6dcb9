import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query, type QueryCtx } from "./_generated/server";
import { invalid } from "./lib/errors";
import { limits } from "./lib/limits";
import { findOwnedClass, ownedClass, requireOwner } from "./lib/ownership";
import { classFields } from "./lib/validation";

export type ClassSummary = Doc<"classes"> & {
  assignmentCount: number;
  openCount: number;
};

async function summarise(
  ctx: QueryCtx,
  found: Doc<"classes">,
): Promise<ClassSummary> {
  const assignments = await ctx.db
    .query("assignments")
    .withIndex("by_class", (q) => q.eq("classId", found._id))
    .collect();
  return {
    ...found,
    assignmentCount: assignments.length,
    openCount: assignments.filter((a) => !a.done).length,
  };
}

/**
 * One page of my active or archived classes, newest first, each with its
 * assignment counts. This is what the class list reads (`usePaginatedQuery`).
 */
export const listPage = query({
  args: { archived: v.boolean(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { archived, paginationOpts }) => {
    const ownerId = await requireOwner(ctx);
    const { numItems } = paginationOpts;
    if (
      !Number.isInteger(numItems) ||
      numItems < 1 ||
      numItems > limits.classPageSize
    ) {
      throw invalid(
        "numItems",
        `A page holds 1 to ${limits.classPageSize} classes`,
      );
    }
    const result = await ctx.db
      .query("classes")
      .withIndex("by_owner_archived", (q) =>
        q.eq("ownerId", ownerId).eq("archived", archived),
      )
      .order("desc")
      .paginate(paginationOpts);
    return {
      ...result,
      page: await Promise.all(
        result.page.map((found) => summarise(ctx, found)),
      ),
    };
  },
});

/**
 * All my classes at once, newest first. Only the client-only comparison page
 * (app/dev/client-classes) reads it; the app's list pages through `listPage`.
 */
export const list = query({
  args: {},
  handler: async (ctx): Promise<ClassSummary[]> => {
    const ownerId = await requireOwner(ctx);
    const classes = await ctx.db
      .query("classes")
      .withIndex("by_owner", (q) => q.eq("ownerId", ownerId))
      .order("desc")
      .collect();
    return Promise.all(classes.map((found) => summarise(ctx, found)));
  },
});

export type ClassDetail = {
  class: Doc<"classes">;
  assignments: Doc<"assignments">[];
};

/**
 * One class with its assignments (oldest first), or null when there is no such
 * class of mine: a class deleted in another tab is an expected state for a live
 * page, not an error. `classId` is a plain string because it comes straight from
 * the URL: a malformed or foreign id reads null too. Signed out still throws.
 */
export const get = query({
  args: { classId: v.string() },
  handler: async (ctx, { classId }): Promise<ClassDetail | null> => {
    const ownerId = await requireOwner(ctx);
    const found = await findOwnedClass(ctx, ownerId, classId);
    if (found === null) return null;
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
