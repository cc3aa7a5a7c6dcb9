/**
 * Turns any error a Convex call can produce into one of five kinds the UI knows
 * how to present. Structured `ConvexError` codes win; message text is the fallback
 * for errors that carry no data (WebSocket auth errors, HTTP failures, fetch errors).
 */

export type ErrorKind =
  "unauthenticated" | "notFound" | "validation" | "unavailable" | "unknown";

export type ClassifiedError = {
  kind: ErrorKind;
  /** Short text fit to show a user. */
  message: string;
  /** For validation errors raised by a Convex function: the field it names. */
  field?: string;
  /** The original message, for logs and details. */
  detail: string;
};

const CODE_KINDS: Record<string, ErrorKind> = {
  UNAUTHENTICATED: "unauthenticated",
  UNAUTHORIZED: "unauthenticated",
  NOT_FOUND: "notFound",
  FORBIDDEN: "notFound",
  VALIDATION: "validation",
  BAD_REQUEST: "validation",
};

// Order matters: auth text is checked before the generic "not found"/network text.
const MESSAGE_KINDS: Array<[RegExp, ErrorKind]> = [
  [
    /not signed in|unauthenticated|unauthorized|token identity expired|could not verify oidc token|no auth provider found|failed to authenticate|invalid(ated)? token|jwt expired|session (has )?expired/i,
    "unauthenticated",
  ],
  [/forbidden|not found|does not exist|no such/i, "notFound"],
  [
    /argumentvalidationerror|value does not match validator|validator error|invalid argument|must be at most|is required/i,
    "validation",
  ],
  [
    /failed to fetch|fetch failed|networkerror|network error|load failed|econnrefused|econnreset|etimedout|enotfound|socket hang up|websocket|connection (lost|closed|refused|reset)|service unavailable|bad gateway|gateway timeout|backend (is )?(unavailable|paused|not running)|\b50[234]\b|offline/i,
    "unavailable",
  ],
];

const DEFAULT_MESSAGES: Record<ErrorKind, string> = {
  unauthenticated: "Your session ended. Sign in again to continue.",
  notFound: "We couldn't find that.",
  validation: "Some of the values aren't valid.",
  unavailable: "Can't reach the server right now.",
  unknown: "Something went wrong.",
};

type ErrorData = { code?: unknown; message?: unknown; field?: unknown };

/** `ConvexError.data` when present (an object or a bare string), else undefined. */
function errorData(error: unknown): ErrorData | string | undefined {
  if (typeof error !== "object" || error === null || !("data" in error)) {
    return undefined;
  }
  const data = (error as { data: unknown }).data;
  if (typeof data === "string") return data;
  if (typeof data === "object" && data !== null) return data as ErrorData;
  return undefined;
}

function messageOf(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === "string") return message;
  }
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function kindFromText(text: string): ErrorKind | undefined {
  return MESSAGE_KINDS.find(([pattern]) => pattern.test(text))?.[1];
}

export function classifyError(error: unknown): ClassifiedError {
  const detail = messageOf(error);
  const data = errorData(error);

  if (typeof data === "object") {
    const code = typeof data.code === "string" ? data.code.toUpperCase() : "";
    const kind = CODE_KINDS[code];
    const dataMessage =
      typeof data.message === "string" ? data.message : undefined;
    if (kind !== undefined) {
      return {
        kind,
        // Validation and not-found messages come from our own functions and are
        // written for users; auth messages are replaced with the friendly one.
        message:
          kind === "unauthenticated"
            ? DEFAULT_MESSAGES.unauthenticated
            : (dataMessage ?? DEFAULT_MESSAGES[kind]),
        ...(typeof data.field === "string" ? { field: data.field } : {}),
        detail: dataMessage ?? detail,
      };
    }
  }

  const text = typeof data === "string" ? `${data} ${detail}` : detail;
  const kind =
    kindFromText(text) ??
    (error instanceof TypeError && /fetch/i.test(detail)
      ? "unavailable"
      : "unknown");
  return { kind, message: DEFAULT_MESSAGES[kind], detail };
}

/** Server messages are often bare phrases ("Class not found"); shown to people, they end like sentences. */
export function asSentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed === "" || /[.!?…]["”’)]?$/.test(trimmed)) return trimmed;
  return `${trimmed}.`;
}

export function isAuthError(error: unknown): boolean {
  return classifyError(error).kind === "unauthenticated";
}

/** Message for a failed form submission; field errors stay next to their field. */
export function formErrorMessage(error: unknown): string {
  const classified = classifyError(error);
  switch (classified.kind) {
    case "validation":
      return classified.message;
    case "unauthenticated":
      return "Your session ended. Sign in again, then retry.";
    case "unavailable":
      return "Couldn't save: the server is unreachable. Check your connection and try again.";
    case "notFound":
      return "This item no longer exists.";
    default:
      return "Couldn't save. Please try again.";
  }
}
