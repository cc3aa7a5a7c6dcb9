import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import type { JWK } from "jose";
import {
  createFileOnce,
  readJsonFile,
  resolveDir,
  writeFileAtomic,
} from "./storage";

/**
 * RS256 signing keys, generated on first use into `<dir>/signing-keys.json`.
 * The first key signs; every key stays in the JWKS, so a rotation never invalidates
 * tokens already handed out. `kid` is the RFC 7638 thumbprint, so it is stable for a
 * key and distinct across keys.
 */

type StoredKeys = { keys: JWK[] };

export type SigningKey = { kid: string; privateKey: KeyObject };

const KEYS_FILE = "signing-keys.json";

/** RFC 7638 thumbprint of an RSA key: SHA-256 over the required members in order. */
export function rsaThumbprint(jwk: { e?: string; n?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n });
  return createHash("sha256").update(canonical).digest("base64url");
}

function generatePrivateJwk(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  return { ...jwk, kid: rsaThumbprint(jwk), alg: "RS256", use: "sig" };
}

function keysFile(dir: string): string {
  return path.join(resolveDir(dir), KEYS_FILE);
}

let cache: { file: string; mtimeMs: number; keys: JWK[] } | undefined;

function loadPrivateJwks(dir: string): JWK[] {
  const file = keysFile(dir);
  createFileOnce(file, () =>
    JSON.stringify({ keys: [generatePrivateJwk()] }, null, 2),
  );
  const { mtimeMs } = statSync(file);
  if (cache && cache.file === file && cache.mtimeMs === mtimeMs) {
    return cache.keys;
  }
  const stored = readJsonFile<StoredKeys>(file, { keys: [] });
  if (stored.keys.length === 0) {
    throw new Error(
      `${file} holds no signing keys; delete it to generate a new one`,
    );
  }
  cache = { file, mtimeMs, keys: stored.keys };
  return stored.keys;
}

export function currentSigningKey(dir: string): SigningKey {
  const [jwk] = loadPrivateJwks(dir);
  return {
    kid: jwk!.kid!,
    privateKey: createPrivateKey({ key: jwk as never, format: "jwk" }),
  };
}

/** Public halves of every key, for `<issuer>/jwks`. */
export function publicJwks(dir: string): { keys: JWK[] } {
  return {
    keys: loadPrivateJwks(dir).map(({ kty, n, e, kid }) => ({
      kty,
      n,
      e,
      kid,
      alg: "RS256",
      use: "sig",
    })),
  };
}

/** Puts a new signing key first and keeps the old ones for verification. */
export function rotateSigningKey(dir: string, keepOld = 2): string {
  const fresh = generatePrivateJwk();
  const keys = [fresh, ...loadPrivateJwks(dir)].slice(0, keepOld + 1);
  writeFileAtomic(keysFile(dir), JSON.stringify({ keys }, null, 2));
  return fresh.kid!;
}
