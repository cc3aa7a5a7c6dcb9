import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  classes: defineTable({
    ownerId: v.string(),
    name: v.string(),
    section: v.optional(v.string()),
    term: v.optional(v.string()),
    archived: v.boolean(),
  })
    .index("by_owner", ["ownerId"])
    // The class list pages through one owner's active or archived classes.
    .index("by_owner_archived", ["ownerId", "archived"]),
  assignments: defineTable({
    classId: v.id("classes"),
    ownerId: v.string(),
    title: v.string(),
    dueDate: v.optional(v.string()),
    done: v.boolean(),
  }).index("by_class", ["classId"]),
});
