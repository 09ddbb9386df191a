// Recent requests for GET /__twin/log. Never holds credentials: no tokens, no bodies.

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  shop: string | null;
  operationName: string | null;
  rootFields: string[];
  status: number | null;
  requestedCost: number | null;
  actualCost: number | null;
  throttled: boolean;
  fault: string | null;
  durationMs: number;
}

const CAPACITY = 1000;

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > CAPACITY) this.entries.shift();
  }

  /** Most recent last, like a log file. */
  recent(limit: number): RequestLogEntry[] {
    return this.entries.slice(-Math.max(0, limit));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
