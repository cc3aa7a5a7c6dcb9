import type { IncomingMessage, ServerResponse } from "node:http";
import type { Value } from "convex/values";
import { TokenRejectedError, type TokenVerifier } from "./auth";
import { decodeFunctionArgs, isRecord, RequestError } from "./clientInput";
import type { Counters } from "./counters";
import type { FunctionKind, Identity, RunResult } from "./engine";

/** Runs a function for an HTTP call (queries and mutations wait in the work queue). */
export type FunctionRunner = (
  kind: FunctionKind,
  udfPath: string,
  args: Record<string, Value>,
  identity: Identity | null,
) => Promise<RunResult>;

/** Convex's status for "the function threw". */
export const STATUS_FUNCTION_FAILED = 560;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** What `ConvexHttpClient` sends ("convex_encoded_json") and the plain form a deployment also takes. */
const ACCEPTED_FORMATS: ReadonlySet<unknown> = new Set([
  "json",
  "convex_encoded_json",
]);

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "access-control-allow-origin": "*",
  });
  res.end(JSON.stringify(body));
}

/**
 * The request body as text. An over-size body is read to its end but not
 * kept, so the client, still sending, gets to read the 413 that follows.
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) {
    throw new RequestError(
      413,
      "PayloadTooLarge",
      `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
    );
  }
  return Buffer.concat(chunks).toString("utf8");
}

type CallRequest = {
  path: string;
  args: Record<string, Value>;
};

/** Parses and checks `{ path, args, format }`; throws a RequestError for anything else. */
async function readCallRequest(req: IncomingMessage): Promise<CallRequest> {
  const text = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RequestError(
      400,
      "BadJsonBody",
      "The request body is not valid JSON.",
    );
  }
  if (!isRecord(body)) {
    throw new RequestError(
      400,
      "BadJsonBody",
      "The request body must be a JSON object.",
    );
  }
  if (typeof body.path !== "string") {
    throw new RequestError(400, "BadRequest", "path is required");
  }
  if (body.format !== undefined && !ACCEPTED_FORMATS.has(body.format)) {
    const named =
      typeof body.format === "string"
        ? `"${body.format.slice(0, 40)}"`
        : "a format that is not a string";
    throw new RequestError(
      400,
      "BadRequest",
      `Unsupported format ${named}: use "json" or "convex_encoded_json".`,
    );
  }
  // ConvexHttpClient sends `[args]`; a bare object and no args are accepted too.
  const rawArgs = Array.isArray(body.args) ? body.args[0] : body.args;
  const args = rawArgs === undefined ? {} : decodeFunctionArgs(rawArgs);
  return { path: body.path, args };
}

/**
 * `POST /api/query|mutation|action`, the calls `ConvexHttpClient` and
 * `convex/nextjs` make. A bad token fails the request with 401 before any
 * function runs, as on a deployment.
 */
export async function handleFunctionCall(
  kind: FunctionKind,
  req: IncomingMessage,
  res: ServerResponse,
  deps: { run: FunctionRunner; verifier: TokenVerifier; counters: Counters },
): Promise<void> {
  deps.counters.httpCall();
  let call: CallRequest;
  try {
    call = await readCallRequest(req);
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    sendJson(res, error.status, { code: error.code, message: error.message });
    return;
  }

  let identity: Identity | null = null;
  const authorization = req.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(" ", 2);
    if (scheme !== "Bearer" || !token) {
      deps.counters.httpUnauthorized();
      sendJson(res, 401, {
        code: "Unauthenticated",
        message: `Unsupported authorization scheme ${scheme}`,
      });
      return;
    }
    try {
      identity = (await deps.verifier.verify(token)).identity;
    } catch (error) {
      deps.counters.httpUnauthorized();
      sendJson(res, 401, {
        code: "Unauthenticated",
        message:
          error instanceof TokenRejectedError
            ? error.message
            : "Could not verify token",
      });
      return;
    }
  }

  const result = await deps.run(kind, call.path, call.args, identity);
  if (result.success) {
    sendJson(res, 200, {
      status: "success",
      value: result.value,
      logLines: result.logLines,
    });
  } else if (result.requestErrorCode !== undefined) {
    sendJson(res, 400, {
      code: result.requestErrorCode,
      message: result.errorMessage,
    });
  } else {
    sendJson(res, STATUS_FUNCTION_FAILED, {
      status: "error",
      errorMessage: result.errorMessage,
      ...(result.errorData !== undefined
        ? { errorData: result.errorData }
        : {}),
      logLines: result.logLines,
    });
  }
}
