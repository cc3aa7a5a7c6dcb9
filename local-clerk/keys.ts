import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
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
