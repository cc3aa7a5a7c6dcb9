/** A u64 timestamp as the sync protocol encodes it: base64 of 8 little-endian bytes. */
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt.asUintN(64, ts));
  return bytes.toString("base64");
}

export function decodeTs(encoded: string): bigint {
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== 8) throw new Error(`bad u64 timestamp: ${encoded}`);
  return bytes.readBigUInt64LE();
}

export type StateVersion = { querySet: number; identity: number; ts: bigint };

export function encodeVersion(version: StateVersion) {
  return {
    querySet: version.querySet,
    identity: version.identity,
    ts: encodeTs(version.ts),
  };
}
