import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { TaskLogTail } from '../../local/src/integrations/ecs/task-logs.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const line = (n: number) => `${JSON.stringify({ timestamp: 1_700_000_000_000 + n, stream: 'stdout', message: `line ${n}` })}\n`;

it('two readers at once (the live view\'s status line and a failure report) get every line exactly once between them', async () => {
  dir = await mkdtemp(join(tmpdir(), 'sfn-ecs-tail-'));
  const file = join(dir, 'task.jsonl');
  await writeFile(file, Array.from({ length: 50 }, (_, n) => line(n)).join(''));
  const tail = new TaskLogTail(file);
  const [first, second] = await Promise.all([tail.readNew(), tail.readNew()]);
  await appendFile(file, line(50));
  const third = await tail.readNew();
  expect([...first, ...second, ...third].map((l) => l.message)).toEqual(Array.from({ length: 51 }, (_, n) => `line ${n}`));
});
