/**
 * The console is small: every file it serves from dist/console (script, style, icon) adds up to under
 * 500 kB as built, before any gzip. A layout library or dependency that would break that shows here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { consoleAssetsDir } from '../../local/src/console/assets-dir.js';
import { ensureConsoleBuilt } from './browser.js';

const LIMIT_BYTES = 500_000;

describe('the console assets', () => {
  it('add up to under 500 kB raw, every file the console serves counted', () => {
    ensureConsoleBuilt();
    const dir = consoleAssetsDir(join(process.cwd(), 'local', 'src', 'console', 'assets-dir.ts'))!;
    expect(dir).toBe(join(process.cwd(), 'dist', 'console'));
    const files = readdirSync(dir).map((name) => ({ name, body: readFileSync(join(dir, name)) }));
    expect(files.map((f) => f.name)).toContain('console.js');
    const raw = files.reduce((sum, f) => sum + f.body.length, 0);
    const gzip = files.reduce((sum, f) => sum + gzipSync(f.body).length, 0);
    const listing = files.map((f) => `${f.name} ${f.body.length} B`).join(', ');
    expect(raw, `dist/console is ${raw} B raw (${gzip} B gzipped): ${listing}`).toBeLessThan(LIMIT_BYTES);
  });
});
