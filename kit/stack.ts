/**
 * The two stand-ins as one stack: Clerk first (Convex needs its issuer), then
 * Convex; each restarts alone on its first port and data, and a crash of one
 * is reported in a sentence while the other keeps serving.
 */
import { addUsers } from "./clerkUsers";
import type { KitUser } from "./config";
import { KitError, sentenceOf } from "./errors";
import { Piece, PIECE_LABELS, WORKERS, type PieceName } from "./piece";
import type {
  ClerkInfo,
  ClerkWorkerOptions,
  ConvexInfo,
  ConvexSeed,
  ConvexWorkerOptions,
} from "./workers/protocol";

/** What the Convex process inherits besides the app's Convex variables. */
const SYSTEM_ENV = ["PATH", "HOME", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT"];

function systemEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of SYSTEM_ENV)
    if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

export type StackSettings = {
  /** The stand-ins' working folder (the app). */
  cwd: string;
  clerk: ClerkWorkerOptions;
  users: readonly KitUser[];
  /** The Convex process's options but the issuer, known once Clerk is up. */
  convex: Omit<ConvexWorkerOptions, "issuer" | "seed">;
  /** Convex variables that get the issuer (see issuerVars.ts). */
  issuerVars: readonly string[];
  /** Run after the first Convex start only. */
  seed: ConvexSeed | null;
  log: (line: string) => void;
  output: (line: string) => void;
  /** How to bring a piece back, as a clause ("; press c to start it again"). */
  restartHint: (name: PieceName) => string;
};

export class Stack {
  private readonly pieces: {
    clerk: Piece<ClerkWorkerOptions, ClerkInfo>;
    convex: Piece<ConvexWorkerOptions, ConvexInfo>;
  };
  private convexOptions: ConvexWorkerOptions | null = null;
  private clerkInfo: ClerkInfo | null = null;
  private convexInfo: ConvexInfo | null = null;
  private readonly restarting: Partial<Record<PieceName, Promise<void>>> = {};
  private closing: Promise<void> | null = null;

  constructor(private readonly settings: StackSettings) {
    const piece = <Options, Info>(
      name: PieceName,
      env: Record<string, string | undefined>,
    ) =>
      new Piece<Options, Info>({
        name,
        worker: WORKERS[name],
        cwd: settings.cwd,
        env,
        output: settings.output,
        onCrash: (sentence) => this.reportCrash(name, sentence),
      });
    this.pieces = {
      // Clerk reads NODE_ENV (its production check); Convex gets a deployment's env.
      clerk: piece("clerk", process.env),
      convex: piece("convex", systemEnv()),
    };
  }

  get clerk(): ClerkInfo {
    if (!this.clerkInfo) throw new Error("The stack has not started.");
    return this.clerkInfo;
  }

  get convex(): ConvexInfo {
    if (!this.convexInfo) throw new Error("The stack has not started.");
    return this.convexInfo;
  }

  running(name: PieceName): boolean {
    return this.pieces[name].running;
  }

  pid(name: PieceName): number | null {
    return this.pieces[name].pid;
  }

  /** Both pieces, Clerk first; on any failure neither is left running. */
  async start(): Promise<void> {
    try {
      await this.startClerk();
      await this.startConvex(true);
    } catch (error) {
      await this.close();
      throw error instanceof KitError ? error : new KitError(sentenceOf(error));
    }
  }

  /**
   * Stops one piece and starts it again on the same port and data, `downMs`
   * after it stopped (an outage of that length).
   */
  restart(name: PieceName, downMs = 0): Promise<void> {
    if (this.closing)
      return Promise.reject(new KitError("The kit is shutting down."));
    this.restarting[name] ??= (async () => {
      const label = PIECE_LABELS[name];
      this.settings.log(`restarting the ${label}…`);
      await this.pieces[name].stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      try {
        if (name === "clerk") await this.startClerk();
        else await this.startConvex(false);
      } catch (error) {
        const sentence = sentenceOf(error);
        this.settings.log(
          `${sentence.replace(/\.$/, "")}${this.settings.restartHint(name)}.`,
        );
        throw new KitError(sentence);
      }
      this.settings.log(`the ${label} is back.`);
    })().finally(() => {
      delete this.restarting[name];
    });
    return this.restarting[name];
  }

  /** Takes one piece away (its port refuses connections) until `startPiece`. */
  async stopPiece(name: PieceName): Promise<void> {
    if (this.closing) throw new KitError("The kit is shutting down.");
    await this.restarting[name]?.catch(() => {});
    await this.pieces[name].stop();
    this.settings.log(`the ${PIECE_LABELS[name]} is stopped.`);
  }

  /** Starts a stopped piece on its port and data; nothing if it runs. */
  async startPiece(name: PieceName): Promise<void> {
    if (this.closing) throw new KitError("The kit is shutting down.");
    await this.restarting[name]?.catch(() => {});
    if (this.pieces[name].running) return;
    if (name === "clerk") await this.startClerk();
    else await this.startConvex(false);
    this.settings.log(`the ${PIECE_LABELS[name]} is back.`);
  }

  close(): Promise<void> {
    this.closing ??= Promise.all([
      this.pieces.clerk.stop(),
      this.pieces.convex.stop(),
    ]).then(() => {});
    return this.closing;
  }

  private async startClerk() {
    const info = await this.pieces.clerk.start(this.settings.clerk);
    // Port 0 is resolved once: a restart comes back where the app's env points.
    this.settings.clerk.port = info.port;
    if (this.settings.users.length)
      await addUsers(
        info.url,
        this.settings.clerk.adminKey,
        this.settings.users,
      );
    this.clerkInfo = info;
  }

  private async startConvex(first: boolean) {
    const issuer = this.clerk.issuer;
    this.convexOptions ??= {
      ...this.settings.convex,
      env: {
        ...this.settings.convex.env,
        ...Object.fromEntries(
          this.settings.issuerVars.map((name) => [name, issuer]),
        ),
      },
      issuer,
      seed: null,
    };
    const info = await this.pieces.convex.start({
      ...this.convexOptions,
      seed: first ? this.settings.seed : null,
    });
    this.convexOptions.port = info.port;
    this.convexInfo = info;
  }

  private reportCrash(name: PieceName, sentence: string) {
    if (this.closing) return;
    const other = name === "clerk" ? "convex" : "clerk";
    const state = this.pieces[other].running ? "keeps running" : "is down too";
    this.settings.log(
      `${sentence.replace(/\.$/, "")}; the ${PIECE_LABELS[other]} ${state}${this.settings.restartHint(name)}.`,
    );
  }
}
