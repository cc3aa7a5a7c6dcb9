/**
 * The Clerk browser bundles a page loads (clerk-js and @clerk/ui, entry scripts and
 * the chunks they pull in), summed from the page's network records. Pure.
 */

export type ClerkAssetUrls = {
  /** NEXT_PUBLIC_CLERK_JS_URL: clerk-js's entry script. */
  clerkJsUrl: string;
  /** NEXT_PUBLIC_CLERK_UI_URL: @clerk/ui's entry script. */
  clerkUiUrl: string;
};

export const ASSET_KINDS = [
  "clerk-js entry",
  "clerk-js chunks",
  "ui entry",
  "ui chunks",
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function folderOf(url: string): string {
  const plain = withoutQuery(url);
  return plain.slice(0, plain.lastIndexOf("/") + 1);
}

/**
 * Which bundle a URL belongs to: the entry scripts by exact URL, chunks by the
 * entry's folder (chunks load from beside their entry). The deeper folder wins when
 * one holds the other.
 */
export function clerkAssetKind(
  url: string,
  urls: ClerkAssetUrls,
): AssetKind | null {
  let plain: string;
  try {
    plain = withoutQuery(url);
  } catch {
    return null;
  }
  if (plain === withoutQuery(urls.clerkJsUrl)) return "clerk-js entry";
  if (plain === withoutQuery(urls.clerkUiUrl)) return "ui entry";
  if (!plain.endsWith(".js")) return null;
  const folders: [string, AssetKind][] = [
    [folderOf(urls.clerkJsUrl), "clerk-js chunks" as const],
    [folderOf(urls.clerkUiUrl), "ui chunks" as const],
  ].sort((a, b) => b[0].length - a[0].length) as [string, AssetKind][];
  return folders.find(([folder]) => plain.startsWith(folder))?.[1] ?? null;
}

export type AssetLoad = {
  url: string;
  status: number | null;
  /** Bytes received for the response, headers included. */
  transferredBytes: number | null;
  /** Body bytes after content decoding. */
  decodedBytes: number;
  fromCache: boolean;
};

export type AssetTotals = {
  files: number;
  transferredBytes: number;
  decodedBytes: number;
};

export type ClerkAssetSummary = {
  byKind: Record<AssetKind, AssetTotals>;
  total: AssetTotals;
  /** Requests served from the HTTP cache (a cold load should have none). */
  fromCache: number;
  /** Requests that did not answer 200. */
  failed: number;
  files: { url: string; kind: AssetKind; decodedBytes: number }[];
};

export function summariseClerkAssets(
  loads: readonly AssetLoad[],
  urls: ClerkAssetUrls,
): ClerkAssetSummary {
  const zero = (): AssetTotals => ({
    files: 0,
    transferredBytes: 0,
    decodedBytes: 0,
  });
  const byKind = Object.fromEntries(
    ASSET_KINDS.map((kind) => [kind, zero()]),
  ) as Record<AssetKind, AssetTotals>;
  const total = zero();
  const files: ClerkAssetSummary["files"] = [];
  let fromCache = 0;
  let failed = 0;
  for (const load of loads) {
    const kind = clerkAssetKind(load.url, urls);
    if (kind === null) continue;
    if (load.status !== 200) failed += 1;
    if (load.fromCache) fromCache += 1;
    for (const totals of [byKind[kind], total]) {
      totals.files += 1;
      totals.transferredBytes += load.transferredBytes ?? 0;
      totals.decodedBytes += load.decodedBytes;
    }
    files.push({ url: load.url, kind, decodedBytes: load.decodedBytes });
  }
  return { byKind, total, fromCache, failed, files };
}

/** Hosts a page contacted that are not this machine (an offline run must have none). */
export function offMachineHosts(urls: readonly string[]): string[] {
  const hosts = new Set<string>();
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    if (!/^(https?|wss?):$/.test(parsed.protocol)) continue;
    const host = parsed.hostname;
    if (host === "localhost" || host === "[::1]" || host.startsWith("127."))
      continue;
    hosts.add(host);
  }
  return [...hosts].sort();
}
