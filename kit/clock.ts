/**
 * The stand-ins' clocks, moved from outside: each stand-in keeps an offset from
 * the machine's clock (its `/_admin` clock control), and every token check it
 * makes reads that. The kit keeps the offsets and puts them back whenever a piece
 * starts again, so a restart does not quietly return one stand-in to the
 * machine's time while the other stays ahead.
 */
import type { PieceName } from "./piece";

export const CLOCK_PIECES: readonly PieceName[] = ["clerk", "convex"];

/** Both stand-ins refuse offsets beyond a day. */
export const MAX_CLOCK_OFFSET_SECONDS = 86_400;

/** Where a running stand-in's test controls are; null while it is stopped. */
export type ClockTarget = (
  name: PieceName,
) => { url: string; adminKey: string } | null;

export type ClockReading = {
  offsets: Record<PieceName, number>;
  agree: boolean;
  /** A sentence naming the clock that differs, when they do. */
  disagreement?: string;
};

export class KitClock {
  private readonly offsets: Record<PieceName, number> = { clerk: 0, convex: 0 };

  constructor(private readonly target: ClockTarget) {}

  /** Every stand-in's clock forward by `seconds` (a sleeping laptop, a long wait). */
  async jump(seconds: number): Promise<ClockReading> {
    checkSeconds("A jump", seconds);
    for (const name of CLOCK_PIECES)
      checkSeconds(`The ${name} clock`, this.offsets[name] + seconds);
    for (const name of CLOCK_PIECES)
      await this.set(name, this.offsets[name] + seconds);
    return this.reading();
  }

  /** One stand-in's clock `seconds` from the machine's (positive: ahead). */
  async set(name: PieceName, seconds: number): Promise<ClockReading> {
    checkSeconds(`The ${name} clock`, seconds);
    this.offsets[name] = seconds;
    await this.apply(name);
    return this.reading();
  }

  /** Puts a stand-in's offset back (after it started again); nothing while it is stopped. */
  async apply(name: PieceName): Promise<void> {
    const target = this.target(name);
    if (!target) return;
    const seconds = this.offsets[name];
    const response =
      name === "clerk"
        ? await fetch(`${target.url}/_admin/settings`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-admin-key": target.adminKey,
            },
            body: JSON.stringify({ clockOffsetSeconds: seconds }),
          })
        : await fetch(`${target.url}/_admin/clock?offsetSeconds=${seconds}`, {
            method: "POST",
            headers: { "x-admin-key": target.adminKey },
          });
    if (!response.ok)
      throw new Error(
        `The ${name} stand-in refused the clock offset: ${(await response.text()).slice(0, 200)}`,
      );
  }

  reading(): ClockReading {
    const { clerk, convex } = this.offsets;
    return clerk === convex
      ? { offsets: { clerk, convex }, agree: true }
      : {
          offsets: { clerk, convex },
          agree: false,
          disagreement: `The Convex clock is ${convex - clerk} s from Clerk's.`,
        };
  }
}

function checkSeconds(what: string, seconds: number) {
  if (
    !Number.isInteger(seconds) ||
    Math.abs(seconds) > MAX_CLOCK_OFFSET_SECONDS
  )
    throw new RangeError(
      `${what} must be a whole number of seconds from -${MAX_CLOCK_OFFSET_SECONDS} to ${MAX_CLOCK_OFFSET_SECONDS}.`,
    );
}
