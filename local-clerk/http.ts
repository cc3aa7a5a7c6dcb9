import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Longest value accepted for any single form or JSON field. */
export const MAX_FIELD_CHARS = 4096;

export type Headers = Record<string, string | string[]>;

/** What a route hands back; the server writes it. */
export type Reply = {
  status: number;
  body?: unknown;
  headers?: Headers;
  /** Raw body (already serialised); `body` is ignored when set. */
  raw?: string | Buffer;
  /** Runs once the reply has been written and its connection has closed. */
  afterSent?: () => void;
};

export type ClerkErrorJSON = {
  code: string;
  message: string;
  long_message: string;
  meta?: Record<string, unknown>;
};

/**
 * A deliberate 4xx reply in Clerk's error shape. Validation functions throw it so
 * routes stay linear; the server turns it into a reply, never a 500.
 */
export class ClerkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly longMessage: string,
    readonly meta: Record<string, unknown> = {},
    readonly shortMessage = longMessage,
  ) {
    super(longMessage);
  }

  toReply(): Reply {
    return clerkError(
      this.status,
      this.code,
      this.longMessage,
      this.meta,
      this.shortMessage,
    );
  }
}

export function clerkError(
  status: number,
  code: string,
  longMessage: string,
  meta: Record<string, unknown> = {},
  message = longMessage,
): Reply {
  const error: ClerkErrorJSON = { code, message, long_message: longMessage };
  if (Object.keys(meta).length > 0) error.meta = meta;
  // Clerk tags every error with a trace id; @clerk/backend copies it onto the thrown error.
  return {
    status,
    body: { errors: [error], clerk_trace_id: randomBytes(16).toString("hex") },
  };
}

export function notFound(method: string, path: string): Reply {
  return clerkError(
    404,
    "resource_not_found",
    `The local Clerk stand-in has no route for ${method} ${path}.`,
    {},
    "not found",
  );
}

export function methodNotAllowed(method: string, path: string): Reply {
  return clerkError(
    405,
    "method_not_allowed",
    `${method} is not allowed on ${path}.`,
    {},
    "method not allowed",
  );
}

export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

/** Reads the whole body, refusing more than `limit` bytes with a 413. */
export function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
  });
}

function tooLarge(limit: number) {
  return new ClerkApiError(
    413,
    "request_body_too_large",
    `The request body is larger than ${limit} bytes.`,
  );
}

export type Fields = Record<string, string>;

/**
 * Parses a form-encoded or JSON object body into flat string fields. clerk-js
 * sends forms; BAPI callers send JSON. Nested values are refused.
 */
/** A JSON object body (an empty body reads as `{}`), or Clerk's 400 with a sentence. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ClerkApiError(
      400,
      "malformed_request",
      "The request body is not valid JSON.",
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new ClerkApiError(
      400,
      "malformed_request",
      "The request body must be a JSON object.",
    );
  return parsed as Record<string, unknown>;
}

export function parseFields(body: Buffer, contentType: string | undefined) {
  const text = body.toString("utf8");
  const fields: Fields = Object.create(null);
  if (text.trim() === "") return fields;
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") {
    const parsed = parseJsonObject(body);
    for (const [key, value] of Object.entries(parsed)) {
      if (value === null || value === undefined) continue;
      if (Array.isArray(value) && value.length <= 20) {
        // Lists of plain values (e.g. BAPI's email_address: [..]) become key.0, key.1, ...
        if (value.every((item) => item === null || typeof item !== "object")) {
          value.forEach((item, index) => {
            if (item !== null) fields[`${key}.${index}`] = String(item);
          });
          continue;
        }
      }
      if (typeof value === "object")
        throw new ClerkApiError(
          400,
          "form_param_format_invalid",
          `The field ${shortName(key)} must be a string, number or boolean.`,
          { param_name: shortName(key) },
        );
      fields[key] = String(value);
    }
  } else {
    for (const [key, value] of new URLSearchParams(text)) fields[key] = value;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (key.length > 100 || value.length > MAX_FIELD_CHARS)
      throw new ClerkApiError(
        400,
        "form_param_exceeds_allowed_length",
        `The field ${shortName(key)} is longer than ${MAX_FIELD_CHARS} characters.`,
        { param_name: shortName(key) },
      );
  }
  return fields;
}

function shortName(key: string) {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

/** A string field bounded to `max` characters (undefined when absent). */
export function optionalField(
  fields: Fields,
  name: string,
  max = 256,
): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (value.length > max)
    throw new ClerkApiError(
      400,
      "form_param_exceeds_allowed_length",
      `The field ${name} is longer than ${max} characters.`,
      { param_name: name },
    );
  return value;
}

export function requiredField(fields: Fields, name: string, max = 256) {
  const value = optionalField(fields, name, max);
  if (value === undefined || value === "")
    throw new ClerkApiError(
      422,
      "form_param_missing",
      `The field ${name} is required.`,
      { param_name: name },
      `${name} is missing`,
    );
  return value;
}

/** An optional whole number within [min, max]. */
export function optionalInteger(
  fields: Fields,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = optionalField(fields, name, 20);
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ClerkApiError(
      422,
      "form_param_value_invalid",
      `The field ${name} must be a whole number from ${min} to ${max}.`,
      { param_name: name },
    );
  return value;
}

export function parseCookies(header: string | undefined) {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const raw = part.slice(index + 1).trim();
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

export function writeReply(res: ServerResponse, reply: Reply, extra: Headers) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Headers = {
    "cache-control": "no-store",
    ...extra,
    ...reply.headers,
  };
  let payload: string | Buffer = "";
  if (reply.raw !== undefined) {
    payload = reply.raw;
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    // Exactly this: @clerk/backend only parses bodies whose type equals "application/json".
    headers["content-type"] = "application/json";
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export function isLoopbackAddress(address: string | undefined) {
  if (!address) return false;
  return (
    address === "::1" ||
    address.startsWith("127.") ||
    address.startsWith("::ffff:127.")
  );
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True for http(s) URLs on this machine (localhost, 127.0.0.1, ::1). */
export function isLoopbackUrl(value: string) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    LOOPBACK_HOSTS.has(url.hostname)
  );
}
