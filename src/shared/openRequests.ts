/**
 * Requests sent by id and their replies matched back to what each asked: the one correlation rule of the host and
 * its table worker (a reply's promise) and of the table page and the host (a page of All rows). A reply whose id is
 * not open is stale or foreign, and is dropped.
 */
export class OpenRequests<T> {
  private readonly open = new Map<number, T>();

  /** `nextId`: to go on from an earlier set's ids, so that replies to those never match here. */
  constructor(private nextId = 1) {}

  /** Opens a request for `what`; its id goes with the message. */
  start(what: T): number {
    const id = this.nextId++;
    this.open.set(id, what);
    return id;
  }

  /** What the request with this id asked, while it is open (a reply may come in several parts). */
  peek(id: number): T | undefined {
    return this.open.get(id);
  }

  /** What the request with this id asked, and closes it; undefined when it is not open. */
  finish(id: number): T | undefined {
    const what = this.open.get(id);
    this.open.delete(id);
    return what;
  }

  get size(): number {
    return this.open.size;
  }

  /** Whether an open request asked for something `matches` finds. */
  some(matches: (what: T) => boolean): boolean {
    for (const what of this.open.values()) if (matches(what)) return true;
    return false;
  }

  /** Closes every request and returns what they asked (to fail them, say). */
  drain(): T[] {
    const all = [...this.open.values()];
    this.open.clear();
    return all;
  }

  /** A new set with none open whose ids go on from these. */
  successor(): OpenRequests<T> {
    return new OpenRequests<T>(this.nextId);
  }
}
