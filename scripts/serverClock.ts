/**
 * The Next.js server's clock, made movable with Debian's libfaketime: the server runs
 * with the library preloaded and reads its offset from a file, so a test can move
 * the clock of a running `next start` (skew or a jump) without restarting it.
 * Timers and `performance.now()` keep real time (monotonic clocks are not faked);
 * only wall-clock reads move, which is what token checks use.
 */
import { existsSync, writeFileSync } from "node:fs";

export const FAKETIME_LIBRARY =
  "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

export type ServerClock =
  | { movable: true; env: Record<string, string>; file: string }
  | { movable: false; reason: string };

/** The environment that makes a server's clock follow `file`, if libfaketime is here. */
export function serverClock(file: string): ServerClock {
  if (!existsSync(FAKETIME_LIBRARY)) {
    return {
      movable: false,
      reason: `The Next.js server's clock cannot move: ${FAKETIME_LIBRARY} is missing (apt-get install faketime).`,
    };
  }
  writeServerClockOffset(file, 0);
  return {
    movable: true,
    file,
    env: {
      LD_PRELOAD: FAKETIME_LIBRARY,
      FAKETIME_TIMESTAMP_FILE: file,
      // Read the offset on every clock read: with libfaketime's cache, the server
      // lagged a jump by up to a second and took tokens minted just after it for
      // tokens from the future.
      FAKETIME_NO_CACHE: "1",
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
    },
  };
}

/** libfaketime's relative form: "+N" or "-N" seconds from the real clock. */
export function faketimeOffset(seconds: number): string {
  if (!Number.isInteger(seconds)) {
    throw new RangeError("The server clock moves in whole seconds.");
  }
  return seconds < 0 ? `${seconds}` : `+${seconds}`;
}

export function writeServerClockOffset(file: string, seconds: number) {
  writeFileSync(file, `${faketimeOffset(seconds)}\n`);
}
