import { describe, expect, it } from 'vitest';
import { parseExecutionArn, parseStateMachineArn } from '../../local/src/runtime/arns.js';
import { assertValidName, isValidName } from '../../local/src/runtime/names.js';

describe('execution and state machine names (BC-SFN rules)', () => {
  it.each(['run-1', 'a', 'x'.repeat(80), 'ünïcode_ok.name', '2026-11-24T04'])('accepts %s', (name) => {
    expect(isValidName(name)).toBe(true);
  });

  it.each(['', 'x'.repeat(81), 'has space', 'tab\t', 'a:b', 'a/b', 'a{b', 'a[b', 'a?b', 'a*b', 'a"b', 'a#b', 'a%b', 'a\\b', 'a^b', 'a|b', 'a~b', 'a`b', 'a$b', 'a&b', 'a,b', 'a;b', 'a<b', 'ctl\u0001', 'ctl\u007f', 'ctl\u0085'])(
    'rejects %j with InvalidName',
    (name) => {
      expect(isValidName(name)).toBe(false);
      expect(() => assertValidName(name)).toThrow(expect.objectContaining({ code: 'InvalidName', message: `Invalid Name: '${name}'` }));
    },
  );
});

describe('ARNs', () => {
  it('parses state machine and execution ARNs', () => {
    expect(parseStateMachineArn('arn:aws:states:us-east-1:123456789012:stateMachine:sync')).toEqual({ name: 'sync' });
    expect(parseExecutionArn('arn:aws:states:us-east-1:123456789012:execution:sync:run-1')).toEqual({
      stateMachineName: 'sync',
      executionName: 'run-1',
    });
  });

  it.each([
    ['not-an-arn', "Invalid Arn: 'Invalid ARN prefix: not-an-arn'"],
    ['arn:aws:states:us-east-1:123456789012:stateMachine:sync', "Invalid Arn: 'Resource type not valid in this context: stateMachine'"],
    ['arn:aws:states:us-east-1:123456789012:execution:sync', "Invalid Arn: 'Invalid Arn resource id: arn:aws:states:us-east-1:123456789012:execution:sync'"],
  ])('rejects %s as an execution ARN with InvalidArn', (arn, message) => {
    expect(() => parseExecutionArn(arn)).toThrow(expect.objectContaining({ code: 'InvalidArn', message }));
  });
});
