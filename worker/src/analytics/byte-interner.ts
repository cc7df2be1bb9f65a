interface Entry {
  readonly bytes: Buffer;
  readonly id: number;
  readonly next: Entry | undefined;
}

/**
 * Maps byte ranges to ids without making a string per row: a hash picks a chain, the stored bytes
 * confirm the match, and only a name seen for the first time is decoded and handed to `resolve`.
 */
export class ByteInterner {
  private readonly table = new Map<number, Entry>();

  constructor(private readonly resolve: (name: string) => number) {}

  lookup(buf: Buffer, start: number, end: number): number {
    const hash = sampleHash(buf, start, end);
    const head = this.table.get(hash);
    for (let entry = head; entry !== undefined; entry = entry.next) {
      if (sameBytes(entry.bytes, buf, start, end)) return entry.id;
    }
    const id = this.resolve(buf.toString('utf8', start, end));
    this.table.set(hash, { bytes: Buffer.from(buf.subarray(start, end)), id, next: head });
    return id;
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
