/** Records a page's HTTP exchanges and WebSocket frames through the DevTools protocol. */
import type { CDPSession, Page } from "@playwright/test";
import type { HttpExchange, WsFrame } from "./wireMetrics";

type Headers = Record<string, string>;

/** Request line + headers + blank line + body: what HTTP/1.1 puts on the wire. */
function requestSize(
  method: string,
  url: string,
  headers: Headers,
  body: string | undefined,
): number {
  const target = new URL(url);
  let size = Buffer.byteLength(
    `${method} ${target.pathname}${target.search} HTTP/1.1\r\n`,
  );
  for (const [name, value] of Object.entries(headers)) {
    size += Buffer.byteLength(`${name}: ${value}\r\n`);
  }
  return size + 2 + (body ? Buffer.byteLength(body) : 0);
}

/** An HTTP exchange with what the page-load metrics need on top. */
export type RecordedExchange = HttpExchange & {
  /** CDP resource type: Script, Fetch, XHR, Document, … */
  resourceType: string;
  /** Body bytes after content decoding. */
  decodedBytes: number;
  fromCache: boolean;
  /** `startedAt` as wall-clock seconds since the epoch. */
  startedWall: number;
};

export type PageRecording = {
  http: RecordedExchange[];
  frames: WsFrame[];
  /** Add to a CDP timestamp to get wall-clock seconds since the epoch. */
  wallOffset: number | null;
};

export type WireRecorder = {
  /** Waits for pending response bodies, stops recording and returns everything seen. */
  finish: () => Promise<PageRecording>;
};

export type RecordOptions = {
  /** Only URLs for which this is true are kept. */
  keepHttp: (url: string) => boolean;
  /** Response bodies are fetched for these (token responses). */
  keepBody?: (url: string) => boolean;
  /** Bypass the HTTP cache, so every script is loaded from the network. */
  disableCache?: boolean;
};

/** Starts recording `page`'s traffic. Call before the page navigates. */
export async function recordWire(
  page: Page,
  options: RecordOptions,
): Promise<WireRecorder> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send("Network.enable");
  if (options.disableCache) {
    await session.send("Network.setCacheDisabled", { cacheDisabled: true });
  }

  type Pending = RecordedExchange & { postData?: string; headers: Headers };
  const http = new Map<string, Pending>();
  const frames: WsFrame[] = [];
  const bodies: Promise<void>[] = [];
  let wallOffset: number | null = null;
  // The extra-info event has the headers really sent (cookies included). It can
  // arrive before or after requestWillBeSent, so it is kept apart and merged at the end.
  const sentHeaders = new Map<string, Headers>();

  session.on("Network.requestWillBeSent", (event) => {
    wallOffset ??= event.wallTime - event.timestamp;
    if (!options.keepHttp(event.request.url)) return;
    http.set(event.requestId, {
      url: event.request.url,
      method: event.request.method,
      postData: event.request.postData,
      headers: event.request.headers as Headers,
      startedAt: event.timestamp,
      startedWall: event.wallTime,
      finishedAt: null,
      requestBytes: 0,
      responseBytes: null,
      status: null,
      body: null,
      resourceType: event.type ?? "Other",
      decodedBytes: 0,
      fromCache: false,
    });
  });
  session.on("Network.requestWillBeSentExtraInfo", (event) => {
    sentHeaders.set(event.requestId, event.headers as Headers);
  });
  session.on("Network.responseReceived", (event) => {
    const exchange = http.get(event.requestId);
    if (!exchange) return;
    exchange.status = event.response.status;
    exchange.fromCache =
      event.response.fromDiskCache === true ||
      event.response.fromPrefetchCache === true;
  });
  session.on("Network.dataReceived", (event) => {
    const exchange = http.get(event.requestId);
    if (exchange) exchange.decodedBytes += event.dataLength;
  });
  session.on("Network.loadingFinished", (event) => {
    const exchange = http.get(event.requestId);
    if (!exchange) return;
    exchange.finishedAt = event.timestamp;
    exchange.responseBytes = event.encodedDataLength;
    if (options.keepBody?.(exchange.url)) {
      bodies.push(
        session
          .send("Network.getResponseBody", { requestId: event.requestId })
          .then((result) => {
            exchange.body = result.base64Encoded
              ? Buffer.from(result.body, "base64").toString("utf8")
              : result.body;
          })
          .catch(() => {
            // Gone (page closed); the exchange simply has no body.
          }),
      );
    }
  });

  const onFrame =
    (direction: WsFrame["direction"]) =>
    (event: {
      requestId: string;
      timestamp: number;
      response: { opcode: number; payloadData: string };
    }) => {
      // Text frames only: the sync protocol is JSON.
      if (event.response.opcode !== 1) return;
      frames.push({
        socketId: event.requestId,
        direction,
        at: event.timestamp,
        bytes: Buffer.byteLength(event.response.payloadData, "utf8"),
        payload: event.response.payloadData,
      });
    };
  session.on("Network.webSocketFrameSent", onFrame("sent"));
  session.on("Network.webSocketFrameReceived", onFrame("received"));

  const snapshot = (): PageRecording => ({
    http: [...http.entries()].map(([requestId, exchange]) => {
      const { postData, headers, ...rest } = exchange;
      return {
        ...rest,
        requestBytes: requestSize(
          exchange.method,
          exchange.url,
          sentHeaders.get(requestId) ?? headers,
          postData,
        ),
      };
    }),
    frames: [...frames],
    wallOffset,
  });

  return {
    finish: async () => {
      await Promise.all(bodies);
      const result = snapshot();
      await session.detach().catch(() => {});
      return result;
    },
  };
}
