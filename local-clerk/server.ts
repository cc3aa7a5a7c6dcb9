/**
 * Local stand-in for Clerk's cloud: Frontend API (for clerk-js), Backend API
 * (for @clerk/backend), the OIDC issuer Convex verifies tokens against, and
 * the clerk-js / @clerk/ui browser bundles. One node:http server.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { routeAdmin } from "./admin";
import { routeBapi } from "./bapi";
import {
  bundleFor,
  findBundles,
  serveBundleFile,
  type Bundle,
} from "./bundles";
import { shiftedNow } from "./clock";
import { StandInCore } from "./core";
import { routeFapi } from "./fapi";
import { HOSTED_PAGES, hostedPage } from "./hostedPages";
import {
  ImageStore,
  PROFILE_IMAGE_BODY_BYTES,
  PROFILE_IMAGE_PATH,
  serveImage,
} from "./profileImages";
import { tokenRequest } from "./faults";
import {
  ClerkApiError,
  clerkError,
  isLoopbackUrl,
  notFound,
  parseCookies,
  parseFields,
  readBody,
  writeReply,
  type Headers,
  type Reply,
} from "./http";
import {
  isJwtTemplatesPath,
  routeJwtTemplates,
  setConvexLifetime,
  stressOnlyTemplates,
} from "./jwtTemplates";
import { loadSecretKey, loadSigningKey, secretKeyProblem } from "./keys";
import {
  DEFAULT_SETTINGS,
  mergeSettings,
  TEMPLATE_LIFETIME_DEFAULT_SECONDS,
  TEMPLATE_TTL_SETTING,
  type ConvexIntegration,
  type SettingsUpdate,
} from "./settings";
import type { ClerkJsMajor } from "./sdkGenerations";
import { StandInState, stateFile } from "./state";

export {
  clerkCoreOf,
  clerkJsMajorFor,
  type ClerkCore,
  type ClerkJsMajor,
} from "./sdkGenerations";

export type ClerkStandInOptions = {
  /** 0 = any free port. */
  port: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Keys (RSA-2048 PEM) + state JSON; null = in memory (keys still generated). */
  dataDir: string | null;
  /** x-admin-key for /_admin/*. */
  adminKey: string;
  /** Browser-facing origin, default `http://localhost:${port}`. */
  publicOrigin?: string;
  /** Default 60, the only value real Clerk has; others need `stressLifetimes`. */
  sessionTokenTtlSeconds?: number;
  /**
   * Lifetime of the `convex` JWT template, set at start (30..315360000, or
   * from 1 with `stressLifetimes`). Absent: the stored template keeps its own
   * (60 when first seeded).
   */
  templateTtlSeconds?: number;
  /**
   * Allows session tokens other than 60 s and templates under 30 s, for
   * refresh stress tests. Real Clerk cannot be configured so. Default false.
   */
  stressLifetimes?: boolean;
  /** Clerk's multi-session mode (several signed-in sessions per browser). Default false. */
  multiSession?: boolean;
  /** Default "native": session tokens carry aud "convex". */
  convexIntegration?: ConvexIntegration;
  /**
   * Pins the Backend API secret key (`sk_test_…`, 20 to 200 characters).
   * Absent: the key saved in `dataDir` (made on first start), or a new one
   * per start in memory.
   */
  secretKey?: string;
  /**
   * The clerk-js major the app loads: 5 for `@clerk/nextjs` 6 (Core 2), 6
   * for `@clerk/nextjs` 7 (Core 3; the default). Both are always served; this
   * picks `clerkJsUrl` and what `appEnv()` points the app at, which the
   * stand-in must decide up front: with an absolute proxy URL the SDKs would
   * build an https URL, so the app is given the script URL instead.
   * `clerkJsMajorFor(clerkCoreOf(appDir).core)` gives it for an app.
   */
  clerkJsMajor?: ClerkJsMajor;
  /** Refuse to start when NODE_ENV=production unless true. */
  allowInProduction?: boolean;
  /** Called with one line per notable event; default silent. */
  log?: (line: string) => void;
};

export type AppEnvOptions = {
  /**
   * Send signed-out visitors to the stand-in's hosted `/sign-in` and
   * `/sign-up` pages (absolute URLs), as Clerk's Account Portal does for apps
   * without their own. Default false: the app's own `/sign-in`.
   */
  hostedPages?: boolean;
};

export type ClerkStandIn = {
  /** http://127.0.0.1:PORT (server-to-server). */
  url: string;
  /** http://localhost:PORT (browser). */
  publicOrigin: string;
  /** Token `iss`; serves /.well-known/openid-configuration and jwks. */
  issuer: string;
  publishableKey: string;
  /** The Backend API key (`CLERK_SECRET_KEY`); see the `secretKey` option. */
  secretKey: string;
  /** RSA-2048 SPKI PEM; works as CLERK_JWT_KEY. */
  jwtPublicKeyPem: string;
  /** The clerk-js major `clerkJsUrl` and `appEnv()` point at. */
  clerkJsMajor: ClerkJsMajor;
  /** Browser URL of the clerk-js bundle of `clerkJsMajor`. */
  clerkJsUrl: string;
  /** Browser URL of @clerk/ui (what clerk-js 6 loads; clerk-js 5 has its UI built in). */
  clerkUiUrl: string;
  /** Every env var the Next app needs to point Clerk here. */
  appEnv(options?: AppEnvOptions): Record<string, string>;
  close(): Promise<void>;
};

/** The publishable key encodes a fake dev host: clerk-js only makes dev browsers for *.clerk.accounts.dev. */
export const FRONTEND_API_HOST = "classroom-local.clerk.accounts.dev";
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${FRONTEND_API_HOST}$`)
  .toString("base64")
  .replace(/=+$/, "")}`;
export const FAPI_PREFIX = "/__clerk/v1";
export const BAPI_PREFIX = "/bapi/v1";

export const PRODUCTION_REFUSAL =
  "The local Clerk stand-in mints tokens the app trusts, so it does not start when NODE_ENV=production (set allowInProduction / LOCAL_CLERK_ALLOW_IN_PRODUCTION=true for tests only).";

function checkOptions(o: ClerkStandInOptions): SettingsUpdate {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)
    throw new Error(
      `port must be a whole number from 0 to 65535, got ${o.port}`,
    );
  if (typeof o.adminKey !== "string" || o.adminKey.length < 8)
    throw new Error("adminKey must be a string of at least 8 characters");
  if (o.publicOrigin !== undefined && !isLoopbackUrl(o.publicOrigin))
    throw new Error(
      `publicOrigin must be an http(s) origin on localhost, 127.0.0.1 or [::1], got ${o.publicOrigin}`,
    );
  if (
    o.clerkJsMajor !== undefined &&
    o.clerkJsMajor !== 5 &&
    o.clerkJsMajor !== 6
  )
    throw new Error(
      `clerkJsMajor must be 5 (for @clerk/nextjs 6) or 6 (for @clerk/nextjs 7), got ${String(o.clerkJsMajor)}`,
    );
  if (o.secretKey !== undefined) {
    const problem = secretKeyProblem(o.secretKey);
    if (problem) throw new Error(problem);
  }
  const merged = mergeSettings(DEFAULT_SETTINGS, {
    ...(o.stressLifetimes !== undefined
      ? { stressLifetimes: o.stressLifetimes }
      : {}),
    ...(o.sessionTokenTtlSeconds !== undefined
      ? { sessionTokenTtlSeconds: o.sessionTokenTtlSeconds }
      : {}),
    ...(o.templateTtlSeconds !== undefined
      ? { [TEMPLATE_TTL_SETTING]: o.templateTtlSeconds }
      : {}),
    ...(o.convexIntegration !== undefined
      ? { convexIntegration: o.convexIntegration }
      : {}),
    ...(o.multiSession !== undefined ? { multiSession: o.multiSession } : {}),
  });
  if ("error" in merged) throw new Error(merged.error);
  return merged;
}

export async function startClerkStandIn(
  o: ClerkStandInOptions,
): Promise<ClerkStandIn> {
  if (process.env.NODE_ENV === "production" && !o.allowInProduction)
    throw new Error(PRODUCTION_REFUSAL);
  const { settings, templateTtlSeconds } = checkOptions(o);
  const log = o.log ?? (() => {});
  const host = o.host ?? "127.0.0.1";
  if (o.dataDir) mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });

  const signingKey = loadSigningKey(o.dataDir);
  const secretKey = o.secretKey ?? loadSecretKey(o.dataDir);
  const bundles = findBundles();
  let core: StandInCore | undefined;
  // Loaded before listening: a bad state file stops the start with its sentence.
  const state = new StandInState(
    stateFile(o.dataDir),
    () => core?.now() ?? shiftedNow(settings.clockOffsetSeconds),
    log,
  );
  if (templateTtlSeconds !== undefined)
    setConvexLifetime(state, templateTtlSeconds, shiftedNow(0));
  if (!settings.stressLifetimes) {
    // Shortened in an earlier run under stress; this run is without it.
    for (const template of stressOnlyTemplates(state)) {
      log(
        `[local-clerk] JWT template ${template.name} lived ${template.lifetime} s, which needs stressLifetimes; back to Clerk's default of ${TEMPLATE_LIFETIME_DEFAULT_SECONDS} s`,
      );
      template.lifetime = TEMPLATE_LIFETIME_DEFAULT_SECONDS;
      state.changed();
    }
  }
  let publicOrigin = "";

  const server = createServer((req, res) => {
    // A request on a connection opened just before an outage began.
    if (core?.faults.isDown()) {
      req.socket.destroy();
      return;
    }
    if (!core) {
      writeReply(res, { status: 503, body: { error: "Starting up." } }, {});
      return;
    }
    handle(core, bundles, req, res, () => server.closeAllConnections()).catch(
      (error: Error) => {
        // Last-resort guard: routes validate their input, so this is a bug.
        log(
          `[local-clerk] internal error on ${req.method} ${req.url}: ${error.stack ?? error.message}`,
        );
        writeReply(
          res,
          clerkError(
            500,
            "internal_clerk_error",
            "The local Clerk stand-in hit an internal error; see its log.",
          ),
          {},
        );
      },
    );
  });
  // The downForSeconds fault: every new connection is dropped unanswered.
  server.on("connection", (socket) => {
    if (core?.faults.isDown()) socket.destroy();
  });
  server.on("clientError", (_error, socket) => {
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  publicOrigin = (o.publicOrigin ?? `http://localhost:${port}`).replace(
    /\/+$/,
    "",
  );
  const issuer = url;
  const clerkJsMajor = o.clerkJsMajor ?? 6;
  const clerkJs = bundleFor(bundles, "@clerk/clerk-js", clerkJsMajor);
  const clerkUi = bundleFor(bundles, "@clerk/ui", 1);

  try {
    core = await StandInCore.create({
      state,
      signingKey,
      settings,
      issuer,
      publicOrigin,
      images: new ImageStore(o.dataDir ? path.join(o.dataDir, "images") : null),
      pageBundles: {
        clerkJs: `${clerkJs.prefix}${clerkJs.entry}`,
        clerkUi:
          clerkJsMajor === 6 ? `${clerkUi.prefix}${clerkUi.entry}` : null,
      },
      publishableKey: PUBLISHABLE_KEY,
      secretKey,
      adminKey: o.adminKey,
    });
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const clerkJsUrl = `${publicOrigin}${clerkJs.prefix}${clerkJs.entry}`;
  const clerkUiUrl = `${publicOrigin}${clerkUi.prefix}${clerkUi.entry}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    publicOrigin,
    issuer,
    publishableKey: PUBLISHABLE_KEY,
    secretKey,
    jwtPublicKeyPem: signingKey.publicPem,
    clerkJsMajor,
    clerkJsUrl,
    clerkUiUrl,
    appEnv: (options: AppEnvOptions = {}) => ({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: secretKey,
      NEXT_PUBLIC_CLERK_PROXY_URL: `${publicOrigin}/__clerk`,
      CLERK_API_URL: `${url}/bapi`,
      CLERK_JWT_KEY: signingKey.publicPem,
      NEXT_PUBLIC_CLERK_JS_URL: clerkJsUrl,
      // @clerk/nextjs 6 neither reads nor needs it: clerk-js 5 has the UI.
      ...(clerkJsMajor === 6 ? { NEXT_PUBLIC_CLERK_UI_URL: clerkUiUrl } : {}),
      NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
      NEXT_PUBLIC_CLERK_KEYLESS_DISABLED: "1",
      CLERK_JWT_ISSUER_DOMAIN: issuer,
      ...(options.hostedPages
        ? {
            NEXT_PUBLIC_CLERK_SIGN_IN_URL: `${publicOrigin}/sign-in`,
            NEXT_PUBLIC_CLERK_SIGN_UP_URL: `${publicOrigin}/sign-up`,
          }
        : { NEXT_PUBLIC_CLERK_SIGN_IN_URL: "/sign-in" }),
    }),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => state.save());
      return closed;
    },
  };
}

/** CORS for pages on this machine only; credentials are allowed. */
function corsHeaders(origin: string | undefined): Headers {
  if (!origin || !isLoopbackUrl(origin)) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    vary: "Origin",
  };
}

async function handle(
  core: StandInCore,
  bundles: Bundle[],
  req: IncomingMessage,
  res: ServerResponse,
  dropConnections: () => void,
) {
  const method = (req.method ?? "GET").toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://stand-in.invalid");
  } catch {
    writeReply(
      res,
      clerkError(400, "malformed_request", "The request URL is malformed."),
      {},
    );
    return;
  }
  const pathname = url.pathname;
  const origin =
    typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  const cors = corsHeaders(origin);

  if (method === "OPTIONS") {
    const allowed = Object.keys(cors).length > 0;
    const requested = String(
      req.headers["access-control-request-headers"] ?? "",
    );
    writeReply(
      res,
      {
        status: allowed ? 204 : 403,
        body: allowed
          ? undefined
          : { error: "Only pages on this machine may call the stand-in." },
      },
      allowed
        ? {
            ...cors,
            "access-control-allow-methods":
              "GET, POST, PUT, PATCH, DELETE, OPTIONS",
            // Echo only header-name characters; never reflect arbitrary bytes.
            "access-control-allow-headers": /^[A-Za-z0-9 ,_-]{0,500}$/.test(
              requested,
            )
              ? requested
              : "content-type",
            "access-control-max-age": "600",
          }
        : {},
    );
    return;
  }

  const bundleReply = serveBundleFile(bundles, pathname, method);
  if (bundleReply) {
    // A missing chunk is a contract break too: list it with unhandled routes.
    if (bundleReply.status === 404) core.recordUnhandled(method, pathname);
    writeReply(res, bundleReply, {});
    return;
  }

  const token = pathname.startsWith(`${FAPI_PREFIX}/`)
    ? tokenRequest(method, pathname.slice(FAPI_PREFIX.length), url.searchParams)
    : null;
  const fault = token ? core.faults.tokenFault(token) : null;
  if (fault?.kind === "refuse") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "reply") {
    writeReply(res, fault.reply, cors);
    return;
  }
  if (fault?.kind === "delay")
    await new Promise((resolve) => setTimeout(resolve, fault.ms));

  let reply: Reply | undefined;
  try {
    reply = await route(core, req, url, method, origin);
  } catch (error) {
    if (error instanceof ClerkApiError) reply = error.toReply();
    else throw error;
  }
  if (!reply) {
    core.recordUnhandled(method, pathname);
    reply = notFound(method, pathname);
  }
  if (token) reply = core.faults.afterToken(token, reply);
  const afterSent = reply.afterSent;
  if (afterSent)
    res.once("close", () => {
      afterSent();
      if (core.faults.isDown()) dropConnections();
    });
  writeReply(res, reply, pathname.startsWith("/__clerk/") ? cors : {});
}

async function route(
  core: StandInCore,
  req: IncomingMessage,
  url: URL,
  method: string,
  origin: string | undefined,
): Promise<Reply | undefined> {
  const pathname = url.pathname;
  // Sessions past their expiry end before anything reads them.
  core.state.expireDueSessions();

  if (pathname === "/.well-known/openid-configuration") {
    if (method !== "GET") return undefined;
    return {
      status: 200,
      body: {
        issuer: core.issuer,
        jwks_uri: `${core.issuer}/.well-known/jwks.json`,
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "name", "email"],
      },
      headers: { "cache-control": "public, max-age=60" },
    };
  }
  if (pathname === "/.well-known/jwks.json") {
    if (method !== "GET") return undefined;
    return {
      status: 200,
      body: { keys: [core.signingKey.jwk] },
      headers: { "cache-control": "public, max-age=60" },
    };
  }

  if (pathname.startsWith("/_admin/")) {
    let body: unknown;
    let bodyError: string | null = null;
    try {
      const raw = await readBody(req);
      if (raw.length > 0) body = JSON.parse(raw.toString("utf8"));
    } catch (error) {
      bodyError =
        error instanceof ClerkApiError
          ? error.longMessage
          : "The request body is not valid JSON.";
    }
    return routeAdmin(core, {
      method,
      path: pathname.slice("/_admin".length),
      remoteAddress: req.socket.remoteAddress,
      adminKey: req.headers["x-admin-key"],
      body,
      bodyError,
    });
  }

  if (pathname.startsWith(`${BAPI_PREFIX}/`)) {
    const bapiPath = pathname.slice(BAPI_PREFIX.length);
    // Template claims are nested JSON, which the flat field parser refuses.
    if (isJwtTemplatesPath(bapiPath))
      return routeJwtTemplates(core, {
        method,
        path: bapiPath,
        query: url.searchParams,
        body: await readBody(req),
        authorization: req.headers.authorization,
      });
    const fields = parseFields(
      await readBody(req),
      req.headers["content-type"],
    );
    return routeBapi(core, {
      method,
      path: pathname.slice(BAPI_PREFIX.length),
      query: url.searchParams,
      fields,
      authorization: req.headers.authorization,
    });
  }

  const image = serveImage(core.images, pathname, method);
  if (image) return image;

  const page = HOSTED_PAGES[pathname];
  if (page)
    return hostedPage(
      core,
      page,
      method,
      url.searchParams,
      typeof req.headers.referer === "string" ? req.headers.referer : undefined,
    );

  if (pathname.startsWith(`${FAPI_PREFIX}/`)) {
    if (origin !== undefined && !isLoopbackUrl(origin))
      return clerkError(
        403,
        "origin_invalid",
        "Only pages on this machine (localhost, 127.0.0.1) may call the local Clerk stand-in.",
      );
    const override = url.searchParams.get("_method");
    const effective =
      method === "POST" && override
        ? override.toUpperCase().slice(0, 10)
        : method;
    const fapiPath = pathname.slice(FAPI_PREFIX.length);
    const contentType = String(req.headers["content-type"] ?? "");
    // A profile image is a file, larger than any form: kept unparsed.
    const raw =
      effective === "POST" && fapiPath === PROFILE_IMAGE_PATH
        ? {
            body: await readBody(req, PROFILE_IMAGE_BODY_BYTES),
            contentType,
          }
        : undefined;
    const fields = raw
      ? parseFields(Buffer.alloc(0), undefined)
      : parseFields(await readBody(req), contentType);
    const cookies = parseCookies(req.headers.cookie);
    const devBrowser =
      url.searchParams.get("__clerk_db_jwt") ?? cookies.__clerk_db_jwt ?? null;
    const userAgent = req.headers["user-agent"];
    return routeFapi(core, {
      method: effective,
      path: fapiPath,
      query: url.searchParams,
      fields,
      origin: origin ?? null,
      devBrowser: devBrowser || null,
      sessionId: url.searchParams.get("_clerk_session_id") || null,
      userAgent: userAgent ? userAgent.slice(0, 512) : null,
      ipAddress:
        (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "") || null,
      ...(raw ? { raw } : {}),
    });
  }
  return undefined;
}
