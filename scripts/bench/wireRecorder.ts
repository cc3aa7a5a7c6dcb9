/** Records a page's HTTP exchanges and WebSocket frames through the DevTools protocol. */
import type { CDPSession, Page } from "@playwright/test";
import type { HttpExchange, WireRecording, WsFrame } from "./wireMetrics";

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

export type WireRecorder = {
  recording: () => WireRecording;
  stop: () => Promise<void>;
};

/** Starts recording `page`'s traffic; only URLs for which `keepHttp` is true are kept. */
export async function recordWire(
  page: Page,
  keepHttp: (url: string) => boolean,
): Promise<WireRecorder> {
  const session: CDPSession = await page.context().newCDPSession(page);
  await session.send("Network.enable");

  const http = new Map<
    string,
    HttpExchange & { method: string; body?: string; headers: Headers }
  >();
  const frames: WsFrame[] = [];
  // The extra-info event has the headers really sent (cookies included). It can
  // arrive before or after requestWillBeSent, so it is kept apart and merged at the end.
  const sentHeaders = new Map<string, Headers>();

  session.on("Network.requestWillBeSent", (event) => {
    if (!keepHttp(event.request.url)) return;
    http.set(event.requestId, {
      url: event.request.url,
      method: event.request.method,
      body: event.request.postData,
      headers: event.request.headers as Headers,
      startedAt: event.timestamp,
      finishedAt: null,
      requestBytes: 0,
      responseBytes: null,
      status: null,
    });
  });
  session.on("Network.requestWillBeSentExtraInfo", (event) => {
    sentHeaders.set(event.requestId, event.headers as Headers);
  });
  session.on("Network.responseReceived", (event) => {
    const exchange = http.get(event.requestId);
    if (exchange) exchange.status = event.response.status;
  });
  session.on("Network.loadingFinished", (event) => {
    const exchange = http.get(event.requestId);
    if (!exchange) return;
    exchange.finishedAt = event.timestamp;
    exchange.responseBytes = event.encodedDataLength;
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

  return {
    recording: () => ({
      http: [...http.entries()].map(([requestId, exchange]) => ({
        url: exchange.url,
        startedAt: exchange.startedAt,
        finishedAt: exchange.finishedAt,
        requestBytes: requestSize(
          exchange.method,
          exchange.url,
          sentHeaders.get(requestId) ?? exchange.headers,
          exchange.body,
        ),
        responseBytes: exchange.responseBytes,
        status: exchange.status,
      })),
      frames: [...frames],
    }),
    stop: async () => {
      await session.detach().catch(() => {});
    },
  };
}
