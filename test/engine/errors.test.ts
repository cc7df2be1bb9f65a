import { describe, expect, it } from 'vitest';
import { StatesError } from '../../local/src/engine/errors.js';
import { errorOutput, toStatesError } from '../../local/src/engine/to-states-error.js';
import { run, single } from './helpers.js';

describe('StatesError', () => {
  it('keeps the ASL cause in `cause` and the error it was made from in `originalError`', () => {
    const original = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const error = new StatesError('ECS.ServerException', 'RunTask failed (Service: AmazonECS; Status Code: 500)', { cause: original });

    expect(error.error).toBe('ECS.ServerException');
    expect(error.cause).toBe('RunTask failed (Service: AmazonECS; Status Code: 500)');
    expect(error.originalError).toBe(original);
    expect(error.stack).toContain('Caused by: Error: connect ECONNREFUSED 127.0.0.1:1');
    expect(errorOutput(error)).toEqual({ Error: 'ECS.ServerException', Cause: 'RunTask failed (Service: AmazonECS; Status Code: 500)' });
  });

  it('turns an unknown thrown value into States.Runtime with its message as cause, keeping the value reachable', () => {
    const thrown = new TypeError('boom');
    const error = toStatesError(thrown);

    expect({ error: error.error, cause: error.cause }).toEqual({ error: 'States.Runtime', cause: 'boom' });
    expect(error.originalError).toBe(thrown);
  });

  it('has no original error when made from ASL values alone', () => {
    expect(new StatesError('Worker.Failed', 'exit 1').originalError).toBeUndefined();
  });

  it('reports a plain Error thrown by an integration as States.TaskFailed with its message as Cause', async () => {
    const { outcome, events } = await run(single({ Type: 'Task', Resource: 'arn:aws:states:::test:echo', Parameters: { throwPlain: 'disk full' }, End: true }));

    expect(outcome).toEqual({ status: 'FAILED', error: 'States.TaskFailed', cause: 'disk full' });
    expect(events.find((e) => e.type === 'TaskFailed')).toMatchObject({ taskFailedEventDetails: { error: 'States.TaskFailed', cause: 'disk full' } });
  });
});
