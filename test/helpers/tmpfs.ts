/** Unmounts a test's tmpfs: a lazy unmount when a just-closed server's file handles still hold it busy. */
import { execFileSync } from 'node:child_process';

export function unmountTmpfs(mountPoint: string): void {
  try {
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
  } catch {
    // "target is busy": detach it now; the kernel frees it once the last handle closes.
    execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
  }
}
