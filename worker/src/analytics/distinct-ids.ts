import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Ids per bitmap page (2^16 bits = 8 KiB). */
const PAGE_BITS = 65_536;
/** Bitmap pages at most (8 MiB: 67 M dense numeric ids); a numeric id on no page goes to the text set. */
const MAX_PAGES = 1024;
/** Distinct text ids held in memory before they go to partition files on disk. */
const MAX_TEXT_IN_MEMORY = 150_000;
/** Partition files: at the end each one is counted alone, so memory is the largest partition's set. */
const PARTITIONS = 128;
/** Bytes buffered per partition before an append to its file. */
const FLUSH_BYTES = 32 * 1024;

/**
 * Counts distinct ids (order_id) exactly in bounded memory.
 * - Canonical numbers (decimal digits, no leading zero, at most 15 digits): bits in 8 KiB pages of 65 536
 *   consecutive ids, up to MAX_PAGES pages. 10 M order numbers in a run of ids take ~1.2 MiB. A number
 *   whose page does not exist once the pages are used up is counted as text (it can never have been on a
 *   page, so no id is counted twice).
 * - Any other id is text: a Set while small; past MAX_TEXT_IN_MEMORY every text id is appended to one of
 *   PARTITIONS files in a temporary folder chosen by a hash, and at the end each file is read and counted
 *   on its own (an id always lands in the same file, so the sum of the per-file counts is exact). Memory is
 *   then the largest partition's set; the cost is disk space (about the ids' total length) and one read.
 */
export class DistinctIds {
  private readonly pages = new Map<number, Int32Array>();
  private lastPageNumber = -1;
  private lastPage: Int32Array | undefined;
  private numericCount = 0;
  private readonly text = new Set<string>();
  private spillDir: string | undefined;
  private pending: string[][] = [];
  private pendingBytes: number[] = [];

  /** Adds a canonical number id (0 <= id < 1e15, an integer). */
  addNumber(id: number): void {
    const pageNumber = Math.floor(id / PAGE_BITS);
    let page = pageNumber === this.lastPageNumber ? this.lastPage : this.pages.get(pageNumber);
    if (page === undefined) {
      if (this.pages.size >= MAX_PAGES) return this.addText(String(id));
      page = new Int32Array(PAGE_BITS / 32);
      this.pages.set(pageNumber, page);
    }
    this.lastPageNumber = pageNumber;
    this.lastPage = page;
    const bit = id - pageNumber * PAGE_BITS;
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    if ((page[word]! & mask) === 0) {
      page[word]! |= mask;
      this.numericCount++;
    }
  }

  /** Adds an id given as text; canonical numbers are routed to addNumber so "42" is one id either way. */
  add(id: string): void {
    if (/^(0|[1-9]\d{0,14})$/.test(id)) return this.addNumber(Number(id));
    this.addText(id);
  }

  private addText(id: string): void {
    if (this.spillDir === undefined) {
      this.text.add(id);
      if (this.text.size > MAX_TEXT_IN_MEMORY) this.spill();
      return;
    }
    const line = id.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const p = hash(line) % PARTITIONS;
    this.pending[p]!.push(line);
    this.pendingBytes[p]! += line.length + 1;
    if (this.pendingBytes[p]! >= FLUSH_BYTES) this.flush(p);
  }

  private spill(): void {
    this.spillDir = mkdtempSync(join(tmpdir(), 'sfn-ecs-order-ids-'));
    this.pending = Array.from({ length: PARTITIONS }, () => []);
    this.pendingBytes = new Array<number>(PARTITIONS).fill(0);
    const held = [...this.text];
    this.text.clear();
    for (const id of held) this.addText(id);
  }

  private flush(p: number): void {
    if (this.pending[p]!.length === 0) return;
    appendFileSync(join(this.spillDir!, `${p}`), `${this.pending[p]!.join('\n')}\n`);
    this.pending[p] = [];
    this.pendingBytes[p] = 0;
  }

  /** The exact number of distinct ids added; removes the partition files. */
  count(): number {
    if (this.spillDir === undefined) return this.numericCount + this.text.size;
    let total = this.numericCount;
    try {
      for (let p = 0; p < PARTITIONS; p++) {
        this.flush(p);
        let content: string;
        try {
          content = readFileSync(join(this.spillDir, `${p}`), 'utf8');
        } catch {
          continue; // no id fell into this partition
        }
        const ids = new Set(content.split('\n'));
        ids.delete('');
        total += ids.size;
      }
    } finally {
      this.dispose();
    }
    return total;
  }

  /** Removes the partition files, if any (also after a failed or stopped run). */
  dispose(): void {
    if (this.spillDir !== undefined) rmSync(this.spillDir, { recursive: true, force: true });
  }
}

/** FNV-1a over UTF-16 code units: only spreads ids over the partitions. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
