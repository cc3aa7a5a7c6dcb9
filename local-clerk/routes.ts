import type { StandInCore } from "./core";
import { methodNotAllowed, type Reply } from "./http";

/** `match` is the path pattern's match: `match[1]` is its first id. */
export type RouteHandler<Request> = (
  core: StandInCore,
  req: Request,
  match: string[],
) => Promise<Reply> | Reply;

export type Route<Request> = {
  pattern: RegExp;
  methods: Record<string, RouteHandler<Request>>;
};

/** Clerk's ids: letters, digits, `_` and `-`, as path segments. */
export const ID_PATTERN = "[A-Za-z0-9_-]{1,100}";

/**
 * Runs the first route whose pattern matches the path (405 when it does not
 * take the method); `undefined` means no route matched.
 */
export async function dispatch<
  Request extends { method: string; path: string },
>(
  routes: readonly Route<Request>[],
  core: StandInCore,
  req: Request,
): Promise<Reply | undefined> {
  for (const route of routes) {
    const match = route.pattern.exec(req.path);
    if (!match) continue;
    const handler = route.methods[req.method];
    if (!handler) return methodNotAllowed(req.method, `/v1${req.path}`);
    return handler(core, req, match);
  }
  return undefined;
}
