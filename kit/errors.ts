/**
 * A problem the kit reports as one sentence, with no stack trace: a bad flag, a
 * bad config field, a port in use, a stand-in that would not start.
 */
export class KitError extends Error {
  constructor(
    sentence: string,
    /** 2 for usage mistakes (flags, config), 1 for everything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(sentence);
    this.name = "KitError";
  }
}

/** One line for any thrown value: a KitError's sentence, else the message. */
export function sentenceOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n")[0].trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
