/** A bounded first-in-first-out log: old entries fall off, and how many did is counted. */
export class Ring<T> {
  private readonly items: T[] = [];
  private dropped = 0;
  private seq = 0;

  constructor(readonly capacity: number) {}

  push(item: T): number {
    this.items.push(item);
    if (this.items.length > this.capacity) {
      this.items.shift();
      this.dropped++;
    }
    return ++this.seq;
  }

  /** Entries kept, oldest first. */
  list(): readonly T[] {
    return this.items;
  }

  /** Entries pushed since the ring was created (kept or dropped). */
  get total(): number {
    return this.seq;
  }

  get droppedCount(): number {
    return this.dropped;
  }

  clear(): void {
    this.items.length = 0;
  }
}
