import type { WebSocket } from "ws";

/** A deployment pings a socket after this much server silence. */
export const PING_AFTER_SILENCE_MS = 15_000;

/** Unsent bytes a socket may buffer before it is dropped as a stalled reader. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Writes to one socket: drops a client that stopped reading (so one stalled
 * tab cannot grow this process's memory without bound) and sends a Ping
 * after a silence.
 */
export class SocketSender {
  private pingTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: {
      pingAfterMs: number;
      /** Called instead of sending when the client is not reading. */
      onStalled: () => void;
    },
  ) {
    this.schedulePing();
  }

  send(message: Record<string, unknown>) {
    this.sendText(JSON.stringify(message));
  }

  sendText(text: string) {
    if (this.stopped || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.options.onStalled();
      return;
    }
    this.ws.send(text);
    this.schedulePing();
  }

  /** Sends nothing more (the socket closed). */
  stop() {
    this.stopped = true;
    clearTimeout(this.pingTimer);
  }

  private schedulePing() {
    clearTimeout(this.pingTimer);
    if (this.stopped) return;
    this.pingTimer = setTimeout(
      () => this.send({ type: "Ping" }),
      this.options.pingAfterMs,
    );
    this.pingTimer.unref();
  }
}
