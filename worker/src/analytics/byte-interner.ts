/** Initial number of hash slots (a power of two); the table doubles when half full. */
const INITIAL_SLOTS = 1024;

/**
 * Maps byte ranges to ids without making a string per row: an open-addressing table of typed arrays
 * picks candidates by hash, the stored bytes confirm the match, and only a name seen for the first time
 * is decoded and handed to `resolve`.
 */
export class ByteInterner {
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  private readonly hashes: number[] = [];
  private readonly names: Buffer[] = [];
  private readonly ids: number[] = [];

  constructor(private readonly resolve: (name: string) => number) {}

  lookup(buf: Buffer, start: number, end: number): number {
    const hash = sampleHash(buf, start, end);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]!; entry >= 0; entry = this.slots[slot]!) {
      if (this.hashes[entry] === hash && sameBytes(this.names[entry]!, buf, start, end)) return this.ids[entry]!;
      slot = (slot + 1) & mask;
    }
    const id = this.resolve(buf.toString('utf8', start, end));
    const entry = this.ids.length;
    this.hashes.push(hash);
    this.names.push(Buffer.from(buf.subarray(start, end)));
    this.ids.push(id);
    this.slots[slot] = entry;
    if (entry * 2 >= this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.hashes.length; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

function sameBytes(stored: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (stored.length !== end - start) return false;
  for (let i = 0; i < stored.length; i++) if (stored[i] !== buf[start + i]) return false;
  return true;
}

/**
 * FNV-1a over the length and at most 12 sampled bytes (first 6, last 6): the full compare that follows
 * makes it exact, so the hash only has to spread typical names, and it costs the same for long ones.
 */
function sampleHash(buf: Buffer, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ (end - start), 0x01000193);
  if (end - start <= 12) {
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
    return hash;
  }
  for (let i = start; i < start + 6; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  for (let i = end - 6; i < end; i++) hash = Math.imul(hash ^ buf[i]!, 0x01000193);
  return hash;
}
