import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  // Each number belongs to the Clerk user who added it (the token's subject).
  numbers: defineTable({
    value: v.number(),
    owner: v.string(),
  }).index("by_owner", ["owner"]),
});
