import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { TokenRejectedError, type TokenVerifier } from "./auth";
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
const MAX_BODY_BYTES = 8 * 1024 * 1024;

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

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
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
  let body: { path?: unknown; args?: unknown; format?: unknown };
  try {
    body = JSON.parse(await readBody(req)) as typeof body;
  } catch (error) {
    sendJson(res, 400, {
      code: "BadJsonBody",
      message: (error as Error).message,
    });
    return;
  }
  if (typeof body.path !== "string") {
    sendJson(res, 400, { code: "BadRequest", message: "path is required" });
    return;
  }
  const rawArgs = Array.isArray(body.args) ? body.args[0] : body.args;
  let args: Record<string, Value>;
  try {
    args = (
      rawArgs === undefined ? {} : jsonToConvex(rawArgs as JSONValue)
    ) as Record<string, Value>;
  } catch (error) {
    sendJson(res, 400, {
      code: "BadRequest",
      message: (error as Error).message,
    });
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

  const result = await deps.run(kind, body.path, args, identity);
  if (result.success) {
    sendJson(res, 200, {
      status: "success",
      value: result.value,
      logLines: result.logLines,
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
