/**
 * Hosted sign-in and sign-up pages, as Clerk's Account Portal serves them
 * for apps without pages of their own. Real Clerk sends a signed-out visitor
 * of a development instance to `https://accounts.<…>/sign-in?redirect_url=…`
 * (the SDKs derive that host from the publishable key when no sign-in URL is
 * set). The stand-in serves `GET /sign-in` and `GET /sign-up` instead, and
 * `appEnv({ hostedPages: true })` sets the sign-in and sign-up URLs to them.
 *
 * Each page loads the served clerk-js (with @clerk/ui for clerk-js 6) and
 * mounts <SignIn/> or <SignUp/>, going to the redirect URL once done. Only
 * pages on the stand-in's own site (same host, any port) may be redirect
 * targets: that is where the session cookies clerk-js writes here are seen.
 */
import type { StandInCore } from "./core";
import type { Reply } from "./http";
import { APPLICATION_NAME } from "./resources";

export type HostedPage = "sign-in" | "sign-up";

export const HOSTED_PAGES: Record<string, HostedPage> = {
  "/sign-in": "sign-in",
  "/sign-up": "sign-up",
};

/** Where each page takes the redirect target from, in order of precedence. */
const REDIRECT_PARAMS: Record<HostedPage, string[]> = {
  "sign-in": [
    "sign_in_force_redirect_url",
    "redirect_url",
    "sign_in_fallback_redirect_url",
  ],
  "sign-up": [
    "sign_up_force_redirect_url",
    "redirect_url",
    "sign_up_fallback_redirect_url",
  ],
};

const ALL_REDIRECT_PARAMS = [...new Set(Object.values(REDIRECT_PARAMS).flat())];

const MAX_URL_CHARS = 2048;

function refusal(status: number, text: string): Reply {
  return {
    status,
    raw: text,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "x-content-type-options": "nosniff",
    },
  };
}

/**
 * Why `value` may not be a redirect target, or null when it may: an
 * http(s) URL whose host is the stand-in's own loopback host.
 */
function redirectProblem(name: string, value: string, site: URL) {
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  let url: URL | null = null;
  try {
    url = value.length <= MAX_URL_CHARS ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (
    url &&
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.hostname === site.hostname &&
    url.username === "" &&
    url.password === ""
  )
    return null;
  return `${name} must be an http(s) URL on ${site.hostname} (any port), the site of the local Clerk stand-in's pages, so the session cookies reach it; got ${JSON.stringify(shown)}.`;
}

/** The page, or a 400 sentence for a redirect target it refuses. */
export function hostedPage(
  core: StandInCore,
  page: HostedPage,
  method: string,
  query: URLSearchParams,
  referer: string | undefined,
): Reply {
  if (method !== "GET" && method !== "HEAD")
    return refusal(
      405,
      `${method} is not allowed on the hosted /${page} page.`,
    );
  const site = new URL(core.publicOrigin);
  for (const name of ALL_REDIRECT_PARAMS) {
    for (const value of query.getAll(name)) {
      const problem = redirectProblem(name, value, site);
      if (problem) return refusal(400, problem);
    }
  }
  let target = REDIRECT_PARAMS[page]
    .map((name) => query.get(name))
    .find((value): value is string => !!value);
  if (!target && referer && !redirectProblem("Referer", referer, site)) {
    // Like the Account Portal going to the app's home: the linking app's origin.
    target = new URL(referer).origin + "/";
  }
  if (!target)
    return refusal(
      400,
      `The hosted /${page} page needs redirect_url, the app page to return to once done (for example ${site.protocol}//${site.hostname}:3000/).`,
    );
  const back = encodeURIComponent(target);
  const config = {
    page,
    publishableKey: core.publishableKey,
    proxyUrl: `${core.publicOrigin}/__clerk`,
    clerkJsUrl: core.pageBundles.clerkJs,
    clerkUiUrl: core.pageBundles.clerkUi,
    redirectUrl: target,
    redirectOrigin: new URL(target).origin,
    signInUrl: `/sign-in?redirect_url=${back}`,
    signUpUrl: `/sign-up?redirect_url=${back}`,
  };
  const html = pageHtml(page, config);
  return {
    status: 200,
    raw: method === "HEAD" ? "" : html,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  };
}

/** JSON for an inline script: `<` escaped, so no text can close the tag. */
function inlineJson(value: unknown) {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function pageHtml(page: HostedPage, config: Record<string, unknown>) {
  const title = `${page === "sign-in" ? "Sign in" : "Sign up"} · ${APPLICATION_NAME}`;
  // The loader mirrors what the SDKs do: clerk-js with the key and proxy as
  // data attributes, the UI script for clerk-js 6, then Clerk.load.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; background: #f4f5f7; font-family: system-ui, sans-serif; }
  #clerk-hosted-error { color: #b42318; max-width: 32rem; padding: 1rem; }
</style>
</head>
<body>
<div id="clerk-hosted"></div>
<p id="clerk-hosted-error" role="alert" hidden></p>
<noscript>This page needs JavaScript to sign you in.</noscript>
<script id="clerk-hosted-config" type="application/json">${inlineJson(config)}</script>
<script>
(async () => {
  const config = JSON.parse(document.getElementById("clerk-hosted-config").textContent);
  const load = (src, attributes) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.crossOrigin = "anonymous";
    for (const [name, value] of Object.entries(attributes || {})) script.setAttribute(name, value);
    script.onload = resolve;
    script.onerror = () => reject(new Error("could not load " + src));
    document.head.appendChild(script);
  });
  try {
    await load(config.clerkJsUrl, {
      "data-clerk-publishable-key": config.publishableKey,
      "data-clerk-proxy-url": config.proxyUrl,
    });
    if (config.clerkUiUrl) await load(config.clerkUiUrl);
    await window.Clerk.load({
      ...(config.clerkUiUrl ? { ui: { ClerkUI: window.__internal_ClerkUICtor } } : {}),
      telemetry: { disabled: true },
      signInUrl: config.signInUrl,
      signUpUrl: config.signUpUrl,
      allowedRedirectOrigins: [config.redirectOrigin],
    });
    const root = document.getElementById("clerk-hosted");
    if (config.page === "sign-in")
      window.Clerk.mountSignIn(root, {
        forceRedirectUrl: config.redirectUrl,
        signUpForceRedirectUrl: config.redirectUrl,
        signUpUrl: config.signUpUrl,
      });
    else
      window.Clerk.mountSignUp(root, {
        forceRedirectUrl: config.redirectUrl,
        signInForceRedirectUrl: config.redirectUrl,
        signInUrl: config.signInUrl,
      });
  } catch (error) {
    const box = document.getElementById("clerk-hosted-error");
    box.textContent = "The sign-in page could not start: " + (error && error.message ? error.message : String(error));
    box.hidden = false;
  }
})();
</script>
</body>
</html>
`;
}
