/**
 * The two Clerk measurements that need a browser: the bundles a page loads, and
 * the FAPI traffic of one signed-in tab over whole Convex refresh cycles.
 */
import { brotliCompressSync } from "node:zlib";
import type { Browser } from "@playwright/test";
import {
  offMachineHosts,
  summariseClerkAssets,
  type ClerkAssetSummary,
} from "./clerkAssets";
import { fapiCalls, fapiRate } from "./fapiMetrics";
import { clerkLoaded, signIn, type StandInAccess } from "./browser";
import {
  measureInterleave,
  predictInterleave,
  type MintInput,
} from "./interleave";
import type { ClerkRefreshPhase } from "./report";
import { authenticateExchanges, jwtsIn } from "./wireMetrics";
import { recordWire } from "./wireRecorder";
import { decodeTokenClaims } from "../../harness/model/jwt";

export type ClerkSetup = {
  appUrl: string;
  access: StandInAccess;
  /** Browser-facing origin of the stand-in (where clerk-js fetches from). */
  publicOrigin: string;
  clerkJsUrl: string;
  clerkUiUrl: string;
  proxyUrl: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fileBytes(url: string): Promise<Buffer | null> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) return Buffer.from(await response.arrayBuffer());
    } catch {
      // A busy machine drops a connection now and then; try again.
    }
    await sleep(500);
  }
  return null;
}

/** Brotli size of each file, fetched from the stand-in server-to-server; null if one cannot be read. */
async function brotliTotal(
  setup: ClerkSetup,
  urls: readonly string[],
): Promise<number | null> {
  let total = 0;
  for (const url of new Set(urls)) {
    const body = await fileBytes(
      url.replace(setup.publicOrigin, setup.access.url),
    );
    if (body === null) return null;
    total += brotliCompressSync(body).length;
  }
  return total;
}

export type ClerkBundlesResult = {
  page: string;
  summary: ClerkAssetSummary;
  brotliBytes: number | null;
  offMachine: string[];
};

/** Cold loads (HTTP cache off) of each page in a fresh browser profile. */
export async function measureClerkBundles(
  browser: Browser,
  setup: ClerkSetup,
  pages: { label: string; path: string; signedIn: boolean }[],
): Promise<ClerkBundlesResult[]> {
  const results: ClerkBundlesResult[] = [];
  for (const target of pages) {
    const context = await browser.newContext();
    try {
      if (target.signedIn) {
        const signedIn = await signIn(context, setup.appUrl, setup.access);
        await signedIn.close();
      }
      const page = await context.newPage();
      const recorder = await recordWire(page, {
        keepHttp: () => true,
        disableCache: true,
      });
      await page.goto(`${setup.appUrl}${target.path}`);
      await clerkLoaded(page);
      // Lazy chunks (the UI's) load after clerk-js is ready.
      await page.waitForLoadState("networkidle");
      await sleep(1000);
      const recording = await recorder.finish();
      await page.close();
      const summary = summariseClerkAssets(
        recording.http.map((exchange) => ({
          url: exchange.url,
          status: exchange.status,
          transferredBytes: exchange.responseBytes,
          decodedBytes: exchange.decodedBytes,
          fromCache: exchange.fromCache,
        })),
        setup,
      );
      results.push({
        page: target.label,
        summary,
        brotliBytes: await brotliTotal(
          setup,
          summary.files.map((f) => f.url),
        ),
        offMachine: offMachineHosts(recording.http.map((e) => e.url)),
      });
    } finally {
      await context.close();
    }
  }
  return results;
}

/**
 * One signed-in /classes tab, alone in its browser profile, watched for `seconds`:
 * every FAPI request it makes and every Authenticate its Convex client sends.
 */
export async function observeClerkRefresh(
  browser: Browser,
  setup: ClerkSetup,
  options: { lifetimeSeconds: number; leewaySeconds: number; seconds: number },
): Promise<ClerkRefreshPhase> {
  const context = await browser.newContext();
  try {
    const signedIn = await signIn(context, setup.appUrl, setup.access);
    await signedIn.close();
    const page = await context.newPage();
    const recorder = await recordWire(page, {
      keepHttp: (url) => url.startsWith(setup.publicOrigin),
      keepBody: (url) =>
        url.startsWith(setup.proxyUrl) && /\/tokens(\/|\?|$)/.test(url),
    });
    const started = Date.now();
    await page.goto(`${setup.appUrl}/classes`);
    await sleep(Math.max(0, options.seconds * 1000 - (Date.now() - started)));
    const recording = await recorder.finish();
    const observedSeconds = (Date.now() - started) / 1000;
    await page.close();

    const offset = recording.wallOffset ?? 0;
    const calls = fapiCalls(recording.http, setup.proxyUrl);
    const mints: MintInput[] = calls
      .filter((call) => call.category === "token")
      .flatMap((call) => {
        const token = jwtsIn(call.body)[0];
        return token ? [{ at: call.at, token }] : [];
      });
    const authenticates = authenticateExchanges(recording.frames).map((a) => ({
      at: a.authenticateAt + offset,
      socketId: a.socketId,
      token: a.token,
      firstOnSocket: a.firstOnSocket,
    }));
    const interleave = measureInterleave(mints, authenticates);
    const rate = fapiRate(calls, interleave.from ?? 0, interleave.to ?? 0);
    const iat = (token: string | null) =>
      token === null ? null : (decodeTokenClaims(token)?.iat ?? null);
    const sent = new Set(authenticates.map((a) => a.token));
    const timeline = [
      ...mints.map((m) => ({
        at: m.at,
        event: sent.has(m.token)
          ? "token request (sent to Convex)"
          : "token request (clerk-js)",
        iat: iat(m.token),
      })),
      ...authenticates.map((a) => ({
        at: a.at,
        event: `Authenticate on ${a.socketId}${a.firstOnSocket ? " (first)" : ""}`,
        iat: iat(a.token),
      })),
    ].sort((a, b) => a.at - b.at);
    return {
      timeline,
      label: `${options.lifetimeSeconds} s`,
      lifetimeSeconds: options.lifetimeSeconds,
      observedSeconds,
      rate,
      interleave,
      prediction: predictInterleave(
        options.lifetimeSeconds,
        options.leewaySeconds,
      ),
    };
  } finally {
    await context.close();
  }
}
