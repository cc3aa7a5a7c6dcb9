import type { ServerConfig } from "@/lib/config";
import {
  signedOutSession,
  type PublicSession,
} from "@/lib/auth/local/publicSession";
import { localAuthAvailability } from "./availability";
import { readSessionCookie } from "./sessionCookie";
import { findSession, type LocalSession } from "./sessions";

/**
 * The live session behind a cookie value, or null when the cookie is missing, forged,
 * revoked or expired, or when the local provider is off (clerk mode, or a production
 * build without LOCAL_AUTH_ALLOW_IN_PRODUCTION).
 */
export function sessionFromCookie(
  config: ServerConfig,
  cookieValue: string | undefined,
): LocalSession | null {
  if (!localAuthAvailability(config).enabled) return null;
  const sessionId = readSessionCookie(config.localAuth.dir, cookieValue);
  return findSession(config.localAuth.dir, sessionId);
}

/** The browser's view of a session (also the body of GET /session). */
export function publicSession(session: LocalSession | null): PublicSession {
  if (!session) return signedOutSession;
  return { signedIn: true, sessionId: session.sessionId, user: session.user };
}
