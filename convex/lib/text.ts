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
