import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes read between two young-generation collections: bounds the dead socket buffers to about this much. */
export const MINOR_GC_EVERY_BYTES = 4 * 1024 * 1024;

type Collect = (options: { type: 'minor' }) => void;
let collect: Collect | null | undefined;

/**
 * Returns a function to call with each chunk's length while streaming a large body: every `everyBytes`
 * it runs a young-generation GC. Each socket read is a fresh 64 KiB buffer outside the JS heap, and the
 * parser allocates almost nothing on the heap, so V8 only collects them when their total reaches its
 * external-memory limit: about 30 MiB of dead buffers at the peak. A minor GC (about a millisecond)
 * frees them early. The `gc` function comes from V8's --expose-gc flag set at run time and read from a
 * fresh context, as jest's leak detector does; without it this does nothing.
 */
export function minorGcEvery(everyBytes = MINOR_GC_EVERY_BYTES): (bytes: number) => void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  const run = collect;
  if (run === null) return () => undefined;
  let sinceLast = 0;
  return (bytes) => {
    sinceLast += bytes;
    if (sinceLast >= everyBytes) {
      sinceLast = 0;
      run({ type: 'minor' });
    }
  };
}
