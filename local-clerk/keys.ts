import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomically } from "./files";

export type SigningKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  /** SPKI PEM of the public key; usable as CLERK_JWT_KEY. */
  publicPem: string;
  /** The public key as a JWK with kid/alg/use, as Clerk's JWKS lists it. */
  jwk: Record<string, string>;
};

export const SIGNING_KEY_FILE = "signing-key.pem";

/**
 * Loads the RSA-2048 signing key from `dataDir`, or makes one (and saves it
 * when `dataDir` is set). Clerk's PEM loader in @clerk/backend only accepts
 * RSA-2048 with exponent 65537, so any other key is refused.
 */
export function loadSigningKey(dataDir: string | null): SigningKey {
  const file = dataDir ? path.join(dataDir, SIGNING_KEY_FILE) : null;
  let privateKey: KeyObject;
  if (file && existsSync(file)) {
    privateKey = createPrivateKey(readFileSync(file, "utf8"));
  } else {
    privateKey = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicExponent: 65537,
    }).privateKey;
    if (file) {
      const pem = privateKey.export({ type: "pkcs8", format: "pem" });
      writeFileAtomically(file, String(pem), 0o600);
    }
  }
  const details = privateKey.asymmetricKeyDetails;
  if (
    privateKey.asymmetricKeyType !== "rsa" ||
    details?.modulusLength !== 2048 ||
    details.publicExponent !== BigInt(65537)
  ) {
    throw new Error(
      `${file ?? "the signing key"} is not an RSA-2048 key with exponent 65537; delete it to make a new one`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = String(publicKey.export({ type: "spki", format: "pem" }));
  const der = publicKey.export({ type: "spki", format: "der" });
  const kid = `ins_local_${createHash("sha256").update(der).digest("base64url").slice(0, 20)}`;
  const exported = publicKey.export({ format: "jwk" });
  const jwk: Record<string, string> = {
    kty: "RSA",
    n: String(exported.n),
    e: String(exported.e),
    kid,
    alg: "RS256",
    use: "sig",
  };
  return { privateKey, publicKey, kid, publicPem, jwk };
}

export const SECRET_KEY_FILE = "secret-key";
const SECRET_KEY_PREFIX = "sk_test_";

/** `sk_test_` and 43 base64url characters (256 random bits). */
export function newSecretKey() {
  return `${SECRET_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Why `key` cannot serve as the Backend API secret key, or null if it can. */
export function secretKeyProblem(key: unknown): string | null {
  if (typeof key !== "string") return "secretKey must be a string";
  if (!key.startsWith(SECRET_KEY_PREFIX))
    return "secretKey must start with sk_test_ (the stand-in is a development instance)";
  if (key.length < 20 || key.length > 200)
    return `secretKey must be 20 to 200 characters long, not ${key.length}`;
  // It travels in an Authorization header.
  if (!/^[\x21-\x7e]+$/.test(key))
    return "secretKey may only hold visible ASCII characters (no spaces)";
  return null;
}

/**
 * The Backend API secret key of `dataDir`, made (and saved with mode 0600)
 * on first use; in memory (`null`) a new one for every start. Anyone who can
 * read it can mint sign-in tokens, so it is never a fixed value.
 */
export function loadSecretKey(dataDir: string | null): string {
  if (!dataDir) return newSecretKey();
  const file = path.join(dataDir, SECRET_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, "utf8").trim();
    const problem = secretKeyProblem(key);
    if (problem)
      throw new Error(
        `${file} does not hold a usable secret key (${problem}); delete it to make a new one`,
      );
    return key;
  }
  const key = newSecretKey();
  writeFileAtomically(file, `${key}\n`, 0o600);
  return key;
}
