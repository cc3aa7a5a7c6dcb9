/**
 * One clock for the whole local stack: the Clerk stand-in, the Convex stand-in and
 * the Next.js server each keep an offset from the machine's clock, and this moves
 * them together (a jump: "the laptop slept 70 minutes") or one alone (skew). The
 * browser's clock is the test's part (Playwright's `page.clock`).
 */
import type { LocalConvex } from "../local-convex/server";
import { writeServerClockOffset, type ServerClock } from "./serverClock";

export const CLOCK_PIECES = ["clerk", "convex", "next"] as const;
export type ClockPiece = (typeof CLOCK_PIECES)[number];
export type ClockOffsets = Record<ClockPiece, number>;

/** The stand-in's own bound on its clock offset. */
export const MAX_OFFSET_SECONDS = 86_400;

export type StackClockParts = {
  /** `running`: false while the stand-in is stopped; its offset is applied when it starts. */
  clerk: { url: string; adminKey: string; running: () => boolean };
  convex: () => LocalConvex | null;
  server: ServerClock;
};

export class StackClock {
  readonly offsets: ClockOffsets = { clerk: 0, convex: 0, next: 0 };

  constructor(private readonly parts: StackClockParts) {}

  /** Moves every clock forward by `seconds`. */
  async jump(seconds: number) {
    for (const piece of CLOCK_PIECES) {
      await this.set(piece, this.offsets[piece] + seconds);
    }
  }

  /** Puts one clock `seconds` from the machine's (positive: ahead). */
  async set(piece: ClockPiece, seconds: number) {
    if (!Number.isInteger(seconds) || Math.abs(seconds) > MAX_OFFSET_SECONDS) {
      throw new RangeError(
        `The ${piece} clock offset must be a whole number of seconds from -${MAX_OFFSET_SECONDS} to ${MAX_OFFSET_SECONDS}.`,
      );
    }
    if (piece === "next" && !this.parts.server.movable) {
      throw new RangeError(this.parts.server.reason);
    }
    this.offsets[piece] = seconds;
    await this.apply(piece);
  }

  /** Re-applies a piece's offset, e.g. after that stand-in restarted. */
  async apply(piece: ClockPiece) {
    const seconds = this.offsets[piece];
    if (piece === "convex") this.parts.convex()?.clock.setOffset(seconds);
    if (piece === "next" && this.parts.server.movable) {
      writeServerClockOffset(this.parts.server.file, seconds);
    }
    if (piece === "clerk" && this.parts.clerk.running()) {
      const response = await fetch(`${this.parts.clerk.url}/_admin/settings`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-admin-key": this.parts.clerk.adminKey,
        },
        body: JSON.stringify({ clockOffsetSeconds: seconds }),
      });
      if (!response.ok) {
        throw new Error(
          `The Clerk stand-in refused the clock offset: ${(await response.text()).slice(0, 200)}`,
        );
      }
    }
  }

  /** Each clock's offset, and a sentence naming any that disagree. */
  reading() {
    const distinct = new Set(Object.values(this.offsets));
    const agree = distinct.size === 1;
    return {
      offsets: { ...this.offsets },
      nextMovable: this.parts.server.movable,
      agree,
      ...(agree
        ? {}
        : {
            disagreement: CLOCK_PIECES.filter(
              (p) => this.offsets[p] !== this.offsets.clerk,
            )
              .map(
                (p) =>
                  `the ${p} clock is ${this.offsets[p] - this.offsets.clerk} s from Clerk's`,
              )
              .join("; ")
              .replace(/^./, (c) => c.toUpperCase())
              .concat("."),
          }),
    };
  }
}
