/**
 * Cleans user-typed names and titles before they are checked or stored.
 * No Convex imports: the forms use this file too, so both sides agree.
 */

// Characters that change how text looks without being seen: zero-width space,
// word joiner and other invisible operators, BOM, soft hyphen, Mongolian vowel
// separator, and the bidi marks, embeddings, overrides and isolates that can
// make "evil" display as "live".
const HIDDEN =
  /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

// Zero-width (non-)joiners shape emoji sequences and some scripts, so they stay
// between two visible characters; anywhere else they only hide things.
const STRAY_JOINERS = /(^|\s)[\u200C\u200D]+|[\u200C\u200D]+(?=\s|$)/g;

// C0 and C1 control characters (tabs and newlines too): names are one line.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * NFC-normalises, drops hidden and bidi control characters, turns control
 * characters into spaces, collapses runs of white space and trims.
 */
export function cleanText(value: string): string {
  let text = value
    .normalize("NFC")
    .replace(HIDDEN, "")
    .replace(CONTROL, " ")
    .replace(/\s+/g, " ")
    .trim();
  // Removing a stray joiner can expose another; repeat until nothing changes.
  for (let previous = ""; previous !== text;) {
    previous = text;
    text = text.replace(STRAY_JOINERS, "$1").trim();
  }
  return text;
}

/** The message for a required field that is empty once cleaned. */
export function requiredMessage(label: string, raw: string): string {
  // Plain spaces read as "nothing typed"; anything else was an attempt at a name.
  return /^[ \t\r\n]*$/.test(raw)
    ? `${label} is required`
    : `${label} must contain visible characters, not only spaces or invisible ones`;
}

export function tooLongMessage(label: string, max: number): string {
  return `${label} must be at most ${max} characters`;
}

/**
 * A limit of `max` characters also allows at most `max * UNITS_PER_CHARACTER`
 * UTF-16 code units. The longest emoji people type (a couple with skin tones,
 * joined by ZWJs) is 15 units, so real text never meets this bound; it exists
 * because one grapheme may carry any number of combining marks, and 80
 * characters must still mean a bounded amount of stored text and work.
 */
export const UNITS_PER_CHARACTER = 16;

export function tooManyUnitsMessage(label: string): string {
  return `${label} has too many accents or joined symbols for its length; shorten it`;
}

// Grapheme rules (Unicode's extended grapheme clusters) don't vary by locale;
// a fixed one keeps the browser and the server counting alike.
const graphemes =
  typeof Intl !== "undefined" && typeof Intl.Segmenter === "function"
    ? new Intl.Segmenter("en", { granularity: "grapheme" })
    : null;

/**
 * Length as a person counts it: user-perceived characters (grapheme
 * clusters), so an emoji, a flag, a ZWJ family or a letter with its accents is
 * one. Where Intl.Segmenter is missing, code points (never fewer than
 * graphemes, so the fallback can only be stricter).
 */
export function visibleLength(text: string): number {
  if (graphemes === null) return Array.from(text).length;
  let count = 0;
  const segments = graphemes.segment(text)[Symbol.iterator]();
  while (!segments.next().done) count += 1;
  return count;
}

/**
 * The one length check for cleaned text, used by the forms and the Convex
 * functions alike: null when it fits, else the message to show.
 */
export function lengthProblem(
  label: string,
  text: string,
  max: number,
): string | null {
  // The cheap bound first, so a huge input is never segmented.
  if (text.length > max * UNITS_PER_CHARACTER) {
    // Which message fits: count only a prefix (whole code points) of the text.
    const prefix = text
      .slice(0, (max + 1) * UNITS_PER_CHARACTER)
      .replace(/[\uD800-\uDBFF]$/, "");
    return visibleLength(prefix) > max
      ? tooLongMessage(label, max)
      : tooManyUnitsMessage(label);
  }
  return visibleLength(text) > max ? tooLongMessage(label, max) : null;
}
