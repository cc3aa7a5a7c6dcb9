/**
 * One clock for the whole local stack: the Clerk stand-in, the Convex stand-in and
 * the Next.js server each keep an offset from the machine's clock, and this moves
 * them together (a jump: "the laptop slept 70 minutes") or one alone (skew). The
 * browser's clock is the test's part (Playwright's `page.clock`).
 */
import type { KitClock } from "../kit/clock";
import { writeServerClockOffset, type ServerClock } from "./serverClock";

export const CLOCK_PIECES = ["clerk", "convex", "next"] as const;
export type ClockPiece = (typeof CLOCK_PIECES)[number];
export type ClockOffsets = Record<ClockPiece, number>;

/** The stand-in's own bound on its clock offset. */
export const MAX_OFFSET_SECONDS = 86_400;

export type StackClockParts = {
  /** The kit's clocks for the two stand-ins (it re-applies them after a restart). */
  standIns: KitClock;
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

  private async apply(piece: ClockPiece) {
    const seconds = this.offsets[piece];
    if (piece === "next") {
      if (this.parts.server.movable)
        writeServerClockOffset(this.parts.server.file, seconds);
    } else {
      await this.parts.standIns.set(piece, seconds);
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
