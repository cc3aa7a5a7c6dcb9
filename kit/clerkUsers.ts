/**
 * Users from kit.config.json, added through the Clerk stand-in's own test
 * control (`POST /_admin/users`). It keeps an existing user as it is, so adding
 * them at every start is harmless and brings back any a fresh data folder lacks.
 */
import type { KitUser } from "./config";
import { KitError } from "./errors";

export async function addUsers(
  clerkUrl: string,
  adminKey: string,
  users: readonly KitUser[],
): Promise<void> {
  for (const user of users) {
    const response = await fetch(`${clerkUrl}/_admin/users`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-admin-key": adminKey },
      body: JSON.stringify({
        email: user.email,
        name: user.name ?? user.email.split("@")[0],
        ...(user.password !== undefined ? { password: user.password } : {}),
        ...(user.phone !== undefined ? { phone: user.phone } : {}),
      }),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as {
        error?: string;
      };
      throw new KitError(
        `The Clerk stand-in refused the user ${user.email}: ${(body.error ?? `HTTP ${response.status}`).replace(/\.$/, "")}.`,
      );
    }
  }
}
