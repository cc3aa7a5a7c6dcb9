import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

// Low scrypt cost: these are local test accounts, but a state file should
// still never hold a readable password.
const COST = { N: 4096, r: 8, p: 1 };

export function hashPassword(password: string) {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, COST);
  return `scrypt$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

export function passwordMatches(password: string, stored: string | null) {
  if (!stored) return false;
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = scryptSync(
    password,
    Buffer.from(salt, "base64url"),
    expected.length,
    COST,
  );
  return timingSafeEqual(actual, expected);
}
