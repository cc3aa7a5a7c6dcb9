import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import path from "node:path";
import { createFileOnce, resolveDir } from "./storage";

/**
 * The session cookie holds `<sessionId>.<HMAC-SHA256(secret, sessionId)>`. The signature
 * stops anyone from guessing or forging an id; the server-side session store decides
 * whether the id is still signed in.
 */

export const SESSION_COOKIE_NAME = "local_auth_session";
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

const SECRET_FILE = "cookie-secret";

const secrets = new Map<string, Buffer>();

function cookieSecret(dir: string): Buffer {
  const file = path.join(resolveDir(dir), SECRET_FILE);
  let secret = secrets.get(file);
  if (!secret) {
    const text = createFileOnce(file, () =>
      randomBytes(32).toString("base64url"),
    );
    secret = Buffer.from(text.trim(), "base64url");
    secrets.set(file, secret);
  }
  return secret;
}

function signature(dir: string, sessionId: string): string {
  return createHmac("sha256", cookieSecret(dir))
    .update(sessionId)
    .digest("base64url");
}

export function signSessionCookie(dir: string, sessionId: string): string {
  return `${sessionId}.${signature(dir, sessionId)}`;
}

/** Returns the session id when the signature is valid, otherwise null. */
export function readSessionCookie(
  dir: string,
  value: string | undefined,
): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return null;
  const sessionId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(signature(dir, sessionId));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return null;
  }
  return sessionId;
}

export type CookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  maxAge: number;
};

export function sessionCookieOptions(secure: boolean): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: SESSION_MAX_AGE_SECONDS,
  };
}
