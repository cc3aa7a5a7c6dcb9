import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { jsonToConvex } from "convex/values";
import type { Engine, EngineSnapshot } from "./engine";
import { SUPPORTED_CONVEX_TEST_VERSION } from "./engineInternals";

const FORMAT = "local-convex-data/1";

type DataFile = EngineSnapshot & {
  format: typeof FORMAT;
  engine: string;
  savedAt: string;
};

/**
 * Keeps the engine's committed documents in one JSON file. Each committed
 * write schedules a save (coalesced per event-loop turn); a save writes a
 * temporary file and renames it over the old one, so a crash leaves either
 * the previous or the new complete file.
 */
export class DataFileStore {
  private pending: NodeJS.Immediate | undefined;
  private writes = 0;

  constructor(
    readonly file: string,
    private readonly engine: Engine,
    private readonly log: (message: string) => void,
  ) {}

  /** Loads the file into the engine if it exists. Returns the number of documents restored. */
  restore(): number {
    if (!existsSync(this.file)) return 0;
    const raw = JSON.parse(
      readFileSync(this.file, "utf8"),
    ) as Partial<DataFile>;
    if (raw.format !== FORMAT || !Array.isArray(raw.documents)) {
      throw new Error(
        `${this.file} is not a local-convex data file (format ${String(raw.format)}); move it away or delete it`,
      );
    }
    this.engine.restore(raw as DataFile, jsonToConvex);
    return raw.documents.length;
  }

  scheduleSave() {
    if (this.pending) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.save();
    });
  }

  save() {
    if (this.pending) {
      clearImmediate(this.pending);
      this.pending = undefined;
    }
    const data: DataFile = {
      format: FORMAT,
      engine: `convex-test@${SUPPORTED_CONVEX_TEST_VERSION}`,
      savedAt: new Date().toISOString(),
      ...this.engine.snapshot(),
    };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(data));
      renameSync(temp, this.file);
      this.writes += 1;
    } catch (error) {
      rmSync(temp, { force: true });
      this.log(`could not save ${this.file}: ${(error as Error).message}`);
    }
  }

  get saveCount() {
    return this.writes;
  }
}
