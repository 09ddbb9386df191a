import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { TwinStateData } from "./state";

const WRITE_DEBOUNCE_MS = 100;

export function loadStateFile(path: string): TwinStateData | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const data = JSON.parse(text) as TwinStateData;
  if (data.version !== 1) throw new Error(`${path}: unsupported shopify twin state version ${String(data.version)}`);
  return data;
}

/**
 * Debounced persistence: a burst of mutations becomes one write. Writes go to a temp file and are
 * renamed into place so a crash never leaves half a JSON document behind.
 */
export class StateFileWriter {
  private timer: NodeJS.Timeout | null = null;
  private pending = false;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => TwinStateData,
  ) {
    mkdirSync(dirname(path), { recursive: true });
  }

  schedule(): void {
    this.pending = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), WRITE_DEBOUNCE_MS);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    this.pending = false;
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.snapshot()));
    renameSync(temp, this.path);
  }
}
