/**
 * A bounded in-memory cache of rendered bytes with single flight: while a key is being produced, every
 * other caller of that key waits for the same promise instead of producing it again; once produced, the
 * bytes are kept (least recently used evicted first) within a count and a byte budget. A failed
 * production is handed to everyone who waited for it and is not kept, so the next caller tries anew.
 *
 * The key must name everything the bytes depend on (the document and a hash of its data): nothing here
 * expires by time, and nothing is shared between processes.
 */
export interface RenderCacheOptions {
  maxEntries: number;
  maxBytes: number;
}

export interface RenderCacheStats {
  /** Productions started (cache misses that were not already in flight). */
  produced: number;
  /** Answers from kept bytes. */
  hits: number;
  /** Answers that waited for a production another caller had started. */
  joined: number;
  entries: number;
  bytes: number;
}

export class RenderCache {
  readonly #kept = new Map<string, Uint8Array>();
  readonly #inFlight = new Map<string, Promise<Uint8Array>>();
  #bytes = 0;
  #produced = 0;
  #hits = 0;
  #joined = 0;

  constructor(private readonly options: RenderCacheOptions) {}

  /** The bytes for `key`: kept, being produced by another caller, or produced now by `produce`. */
  get<B extends Uint8Array>(key: string, produce: () => Promise<B>): Promise<B> {
    const kept = this.#kept.get(key);
    if (kept) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      this.#kept.delete(key);
      this.#kept.set(key, kept);
      this.#hits++;
      return Promise.resolve(kept as B);
    }
    const running = this.#inFlight.get(key);
    if (running) {
      this.#joined++;
      return running as Promise<B>;
    }
    this.#produced++;
    const flight = (async () => {
      try {
        const bytes = await produce();
        this.#keep(key, bytes);
        return bytes;
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, flight);
    return flight;
  }

  stats(): RenderCacheStats {
    return {
      produced: this.#produced,
      hits: this.#hits,
      joined: this.#joined,
      entries: this.#kept.size,
      bytes: this.#bytes,
    };
  }

  #keep(key: string, bytes: Uint8Array) {
    // A document larger than the whole budget is served but not kept: keeping it would evict everything.
    if (bytes.byteLength > this.options.maxBytes || this.options.maxEntries < 1) return;
    this.#kept.set(key, bytes);
    this.#bytes += bytes.byteLength;
    for (const [oldest, old] of this.#kept) {
      if (this.#kept.size <= this.options.maxEntries && this.#bytes <= this.options.maxBytes) break;
      this.#kept.delete(oldest);
      this.#bytes -= old.byteLength;
    }
  }
}
