import { createHash } from "node:crypto";
import { z } from "zod";

export type LocalUser = { sub: string; name: string; email: string };

export const signInInputSchema = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, "name must not be empty")
    .max(100, "name must be at most 100 characters"),
  email: z
    .string({ error: "email is required" })
    .trim()
    .toLowerCase()
    .pipe(z.email("email must be a valid email address")),
});

/** Stable per email, so signing in again shows the same user's data. */
export function subjectForEmail(email: string): string {
  const digest = createHash("sha256")
    .update(email.trim().toLowerCase())
    .digest("hex");
  return `user_${digest.slice(0, 24)}`;
}

export function localUser(name: string, email: string): LocalUser {
  return { sub: subjectForEmail(email), name, email };
}
