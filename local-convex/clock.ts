/**
 * The deployment's idea of "now": the machine's clock plus an offset that tests can
 * set (clock skew) or move forward (a jump, as when a laptop sleeps). Every token
 * expiry check in the stand-in reads this clock, so the Convex side of a test agrees
 * with whatever time the test says it is. A real deployment's clock cannot be moved;
 * this exists for tests only (see the README).
 */
export const MAX_CLOCK_OFFSET_SECONDS = 400 * 86_400;

export class DeploymentClock {
  private offsetMs: number;

  constructor(offsetSeconds = 0) {
    this.offsetMs = checkedOffset(offsetSeconds) * 1000;
  }

  /** Milliseconds since the epoch, as the deployment sees them. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** A machine timestamp (from `Date.now()`) as the deployment sees it. */
  at(machineMs: number): number {
    return machineMs + this.offsetMs;
  }

  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }

  setOffset(seconds: number) {
    this.offsetMs = checkedOffset(seconds) * 1000;
  }

  jump(seconds: number) {
    this.setOffset(this.offsetSeconds + seconds);
  }
}

function checkedOffset(seconds: number): number {
  if (
    !Number.isFinite(seconds) ||
    Math.abs(seconds) > MAX_CLOCK_OFFSET_SECONDS
  ) {
    throw new RangeError(
      `The clock offset must be a number of seconds from -${MAX_CLOCK_OFFSET_SECONDS} to ${MAX_CLOCK_OFFSET_SECONDS}.`,
    );
  }
  return seconds;
}
