/**
 * One-time codes for the email_code and phone_code strategies. The stand-in
 * sends no email or SMS, so only Clerk's test identities can get a code, and
 * their code is Clerk's fixed 424242: emails with `+clerk_test` in the local
 * part, and US numbers +1 XXX 555-0100 to 555-0199.
 */
import { ClerkApiError } from "./http";

export const TEST_CODE = "424242";
/** Clerk's email and SMS codes last ten minutes. */
export const CODE_TTL_MS = 10 * 60_000;

export type CodeStrategy = "email_code" | "phone_code";

export type CodeVerification = {
  strategy: CodeStrategy;
  /** The email address or phone number the code went to. */
  target: string;
  status: "unverified" | "verified";
  attempts: number;
  expireAt: number;
};

export function isCodeStrategy(value: string): value is CodeStrategy {
  return value === "email_code" || value === "phone_code";
}

export function isTestEmail(email: string) {
  const at = email.lastIndexOf("@");
  return at > 0 && email.slice(0, at).toLowerCase().includes("+clerk_test");
}

export function isTestPhone(phone: string) {
  return /^\+1\d{3}55501\d{2}$/.test(phone);
}

/**
 * E.164 (`+` and 7 to 15 digits) after dropping the spaces, dashes, dots and
 * parentheses people type; null when it is not a phone number.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

/** A fresh code verification, or Clerk's 422 for an address it cannot reach. */
export function prepareCode(
  strategy: CodeStrategy,
  target: string,
  now: number,
): CodeVerification {
  const reachable =
    strategy === "email_code" ? isTestEmail(target) : isTestPhone(target);
  if (!reachable)
    throw new ClerkApiError(
      422,
      "verification_delivery_unavailable",
      strategy === "email_code"
        ? "The local Clerk stand-in sends no email, so only test email addresses can receive a code: one with +clerk_test in the part before the @ (for example jane+clerk_test@example.com). Their code is 424242."
        : "The local Clerk stand-in sends no SMS, so only test phone numbers can receive a code: +1, any area code, then 555-0100 to 555-0199 (for example +15555550100). Their code is 424242.",
      {
        param_name:
          strategy === "email_code" ? "email_address" : "phone_number",
      },
      "cannot send a code offline",
    );
  return {
    strategy,
    target,
    status: "unverified",
    attempts: 0,
    expireAt: now + CODE_TTL_MS,
  };
}

/**
 * Checks `code` against a prepared verification, counting the attempt.
 * Throws Clerk's `form_code_incorrect` or `verification_expired` (422).
 */
export function attemptCode(
  verification: CodeVerification | null | undefined,
  strategy: CodeStrategy,
  code: string,
  now: number,
) {
  if (!verification || verification.strategy !== strategy)
    throw new ClerkApiError(
      422,
      "verification_not_prepared",
      `No ${strategy} code was sent for this attempt; prepare the ${strategy} verification first.`,
      { param_name: "strategy" },
      "is not prepared",
    );
  if (verification.status === "verified")
    throw new ClerkApiError(
      400,
      "verification_already_verified",
      "This code was already verified.",
      { param_name: "code" },
    );
  if (now >= verification.expireAt)
    throw new ClerkApiError(
      422,
      "verification_expired",
      "This code has expired; ask for a new one.",
      { param_name: "code" },
      "is expired",
    );
  verification.attempts += 1;
  if (code.trim() !== TEST_CODE)
    throw new ClerkApiError(
      422,
      "form_code_incorrect",
      "Incorrect code",
      { param_name: "code" },
      "is incorrect",
    );
  verification.status = "verified";
}

/** Clerk's VerificationJSON for a code verification (null when none). */
export function codeVerificationJSON(
  verification: CodeVerification | null | undefined,
) {
  if (!verification) return null;
  return {
    object: "verification",
    status: verification.status,
    strategy: verification.strategy,
    attempts: verification.attempts,
    expire_at: verification.expireAt,
    error: null,
    verified_at_client: null,
  };
}
