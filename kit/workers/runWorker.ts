/**
 * The life of a stand-in's process: wait for `start`, answer `ready` or
 * `failed`, and on SIGTERM or when the kit goes away (even killed), close the
 * stand-in (it saves its data) and exit 0.
 */
import type { StartMessage, WorkerMessage } from "./protocol";

export type Started<Info> = { info: Info; close: () => Promise<void> };

export function runWorker<Options, Info>(
  start: (options: Options) => Promise<Started<Info>>,
) {
  let close: (() => Promise<void>) | null = null;
  let stopping = false;
  const send = (message: WorkerMessage<Info>, then?: () => void) => {
    if (process.connected) process.send?.(message, () => then?.());
    else then?.();
  };
  const stop = () => {
    if (stopping) return;
    stopping = true;
    Promise.resolve(close?.())
      .catch((error: unknown) => {
        console.error(`could not close cleanly: ${String(error)}`);
        process.exitCode = 1;
      })
      .finally(() => process.exit());
  };
  process.on("SIGTERM", stop);
  process.on("disconnect", stop);
  process.once("message", (message: StartMessage<Options>) => {
    start(message.options).then(
      (started) => {
        close = started.close;
        if (stopping) void started.close().finally(() => process.exit());
        else send({ type: "ready", info: started.info });
      },
      (error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        send(
          {
            type: "failed",
            message: error instanceof Error ? error.message : String(error),
            ...(typeof code === "string" ? { code } : {}),
          },
          () => process.exit(1),
        );
      },
    );
  });
}
