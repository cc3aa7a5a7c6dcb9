import { randomBytes } from "node:crypto";
import path from "node:path";
import type { LocalUser } from "./users";
import { readJsonFile, resolveDir, writeFileAtomic } from "./storage";
import { SESSION_MAX_AGE_SECONDS } from "./sessionCookie";

/**
 * Server-side session store in `<dir>/sessions.json`. A file rather than memory so that
 * sign-out is seen at once by every module instance (route handlers, middleware, server
 * components) and sessions survive a dev-server restart.
 */

export type LocalSession = {
  sessionId: string;
  user: LocalUser;
  createdAt: number;
  expiresAt: number;
};

type SessionFile = Record<string, LocalSession>;

function sessionsFile(dir: string): string {
  return path.join(resolveDir(dir), "sessions.json");
}

function readAll(dir: string): SessionFile {
  return readJsonFile<SessionFile>(sessionsFile(dir), {});
}

function withoutExpired(sessions: SessionFile, now: number): SessionFile {
  return Object.fromEntries(
    Object.entries(sessions).filter(([, session]) => session.expiresAt > now),
  );
}

export function createSession(
  dir: string,
  user: LocalUser,
  now = Date.now(),
): LocalSession {
  const session: LocalSession = {
    sessionId: `sess_${randomBytes(16).toString("base64url")}`,
    user,
    createdAt: now,
    expiresAt: now + SESSION_MAX_AGE_SECONDS * 1000,
  };
  const sessions = withoutExpired(readAll(dir), now);
  sessions[session.sessionId] = session;
  writeFileAtomic(sessionsFile(dir), JSON.stringify(sessions, null, 2));
  return session;
}

export function findSession(
  dir: string,
  sessionId: string | null,
  now = Date.now(),
): LocalSession | null {
  if (!sessionId) return null;
  const session = readAll(dir)[sessionId];
  return session && session.expiresAt > now ? session : null;
}

/** Revokes a session; tokens for it are refused from now on. */
export function deleteSession(dir: string, sessionId: string): void {
  const sessions = readAll(dir);
  if (!(sessionId in sessions)) return;
  delete sessions[sessionId];
  writeFileAtomic(sessionsFile(dir), JSON.stringify(sessions, null, 2));
}
