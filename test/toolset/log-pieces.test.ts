import { describe, expect, it } from 'vitest';
import { explainSdkError } from '../../local/src/clients/explain-error.js';
import { compileFilterPattern } from '../../local/src/logs/filter-pattern.js';
import { REDACTED, Redaction } from '../../local/src/logs/redaction.js';

describe('CloudWatch filter patterns (text forms)', () => {
  it.each([
    ['', 'anything', true],
    ['ERROR', 'an ERROR here', true],
    ['ERROR', 'an error here', false],
    ['ERROR timeout', 'ERROR: timeout after 3 s', true],
    ['ERROR timeout', 'ERROR: refused', false],
    ['"connection refused"', 'stream: connection refused', true],
    ['"connection refused"', 'connection was refused', false],
    ['?WARN ?ERROR', 'a WARN line', true],
    ['?WARN ?ERROR', 'an INFO line', false],
    ['ERROR -retry', 'ERROR, will retry', false],
    ['ERROR -retry', 'ERROR, giving up', true],
  ])('%j on %j: %s', (pattern, message, expected) => {
    expect(compileFilterPattern(pattern)(message)).toBe(expected);
  });

  it('refuses JSON and space-delimited patterns with InvalidParameterException', () => {
    for (const pattern of ['{ $.level = "error" }', '[ip, user, ...]']) {
      expect(() => compileFilterPattern(pattern)).toThrow(expect.objectContaining({ code: 'InvalidParameterException' }));
    }
  });
});

describe('task token redaction', () => {
  it('replaces every occurrence of a registered token and leaves short strings alone', () => {
    const redaction = new Redaction();
    const token = 'AAAAKgAAAAIAAAAAAAAAAdeadbeef0123456789';
    redaction.add(token);
    redaction.add('short');
    expect(redaction.apply(`a ${token} b ${token}`)).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redaction.apply('a short line')).toBe('a short line');
  });
});

describe('SDK failures in one line', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8083'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 8083 }), 'Cannot reach 127.0.0.1:8083 (ECONNREFUSED)'],
    [Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED', address: '::1', port: 8083 })]), {}), 'Cannot reach ::1:8083 (ECONNREFUSED)'],
    [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'No AWS credentials found for AWS'],
    [new Error('Region is missing'), 'No AWS region for AWS: pass --region'],
    [Object.assign(new Error('Execution Does Not Exist'), { name: 'ExecutionDoesNotExist', $metadata: { httpStatusCode: 400 } }), 'ExecutionDoesNotExist: Execution Does Not Exist'],
    [Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 404 } }), 'AWS answered HTTP 404 without an AWS error'],
  ])('%s', (error, message) => {
    expect(explainSdkError(error, 'AWS')).toContain(message);
  });
});
