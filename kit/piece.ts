/**
 * One stand-in in its own process. A crash there (a function's runaway
 * promise, a bug in a stand-in) ends that process only: the kit reports it and
 * the other stand-in keeps serving. Start, stop and restart go through here.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { KitError } from "./errors";
import type { WorkerMessage } from "./workers/protocol";

export type PieceName = "clerk" | "convex";

export const PIECE_LABELS: Record<PieceName, string> = {
  clerk: "Clerk stand-in",
  convex: "Convex stand-in",
};

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/** tsx's loader, found from here so the kit works from any current folder. */
function tsxLoader(): string {
  const require = createRequire(__filename);
  return pathToFileURL(require.resolve("tsx")).href;
}

export type PieceSpec = {
  name: PieceName;
  /** The process's entry file (kit/workers/*.ts). */
  worker: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Each line the process prints, once it is ready (lines from a failed start are dropped). */
  output: (line: string) => void;
  /** The process ended without being asked to: one sentence. */
  onCrash: (sentence: string) => void;
};

export class Piece<Options, Info> {
  private child: ChildProcess | null = null;
  /** Set once the stand-in listens; cleared when its process ends. */
  private listening = false;
  private stopping: Promise<void> | null = null;
  readonly label: string;

  constructor(private readonly spec: PieceSpec) {
    this.label = PIECE_LABELS[spec.name];
  }

  /** Up and serving: started, ready and not being stopped. */
  get running(): boolean {
    return this.child !== null && this.listening && this.stopping === null;
  }

  get pid(): number | null {
    return this.running ? (this.child?.pid ?? null) : null;
  }

  /** Starts the process and resolves once the stand-in listens; a KitError otherwise. */
  start(options: Options): Promise<Info> {
    if (this.child) throw new Error(`The ${this.label} is already running.`);
    const child = fork(this.spec.worker, [], {
      cwd: this.spec.cwd,
      env: this.spec.env as NodeJS.ProcessEnv,
      execArgv: ["--import", tsxLoader()],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
      // Its own process group: Ctrl-C in a terminal, or a test runner stopping the
      // kit's group, reaches the kit alone, which then stops each piece in order.
      detached: true,
    });
    this.child = child;
    const held: string[] = [];
    let ready = false;
    const onLine = (line: string) => {
      if (ready) this.spec.output(line);
      else held.push(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let rest = "";
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      });
      stream?.on("end", () => {
        if (rest) onLine(rest);
        rest = "";
      });
    }

    return new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(
          `The ${this.label} did not get ready within ${READY_TIMEOUT_MS / 1000} s.`,
        );
        child.kill("SIGKILL");
      }, READY_TIMEOUT_MS);
      const fail = (sentence: string) => {
        clearTimeout(timer);
        reject(new KitError(sentence));
      };
      child.on("message", (message: WorkerMessage<Info>) => {
        if (message.type === "ready") {
          clearTimeout(timer);
          ready = true;
          this.listening = true;
          for (const line of held.splice(0)) this.spec.output(line);
          resolve(message.info);
        } else if (message.type === "failed") {
          fail(this.failureSentence(message.message, message.code));
        }
      });
      child.on("error", (error) =>
        fail(`The ${this.label} could not be started: ${error.message}.`),
      );
      child.on("exit", (code, signal) => {
        if (this.child === child) {
          this.child = null;
          this.listening = false;
        }
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (!ready) {
          const last = held.filter((line) => line.trim()).at(-1);
          fail(
            `The ${this.label} stopped before it was ready (${how})${last ? `: ${last.trim()}` : ""}.`,
          );
        } else if (this.stopping === null) {
          this.spec.onCrash(`The ${this.label} stopped unexpectedly (${how}).`);
        }
      });
      child.send({ type: "start", options });
    });
  }

  private failureSentence(message: string, code: string | undefined) {
    if (code === "EADDRINUSE") {
      const port = /:(\d+)\s*$/.exec(message)?.[1];
      return `The ${this.label} cannot listen on 127.0.0.1${port ? `:${port}` : ""} because the port is in use; free it or pick another port.`;
    }
    if (code === "EACCES")
      return `The ${this.label} is not allowed to listen on its port (${message}); pick a port above 1023.`;
    const text = message.split("\n")[0].trim().replace(/\.$/, "");
    return `The ${this.label} could not start: ${text}.`;
  }

  /** SIGTERM (the stand-in saves its data), then SIGKILL if it hangs. */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    }).finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }
}

export const WORKERS: Record<PieceName, string> = {
  clerk: path.join(__dirname, "workers", "clerk.ts"),
  convex: path.join(__dirname, "workers", "convex.ts"),
};
