import { Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@gov/domain';
import { InvalidInputError, parseBigInt, unreachable } from '@gov/event-store';
import { toPublicError } from './public-error';

describe('what clients see of an error', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('a RangeError from a bug is an internal error, not the client fault', () => {
    let bug: unknown;
    try {
      new Date(Number.NaN).toISOString();
    } catch (e) {
      bug = e;
    }
    expect(bug).toBeInstanceOf(RangeError);
    expect(toPublicError(bug)).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: expect.stringContaining('our side') as string });
  });

  it('a malformed position from the client is BAD_USER_INPUT', () => {
    let error: unknown;
    try {
      parseBigInt('after', '-1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(toPublicError(error)).toEqual({ code: 'BAD_USER_INPUT', message: 'after must be a non-negative decimal integer' });
  });

  it('a domain validation failure is BAD_USER_INPUT and keeps the domain code', () => {
    const error = new DomainError(DomainErrorCode.VALIDATION_FAILED, 'percent must be a whole number from 0 to 100');
    expect(toPublicError(error)).toMatchObject({ code: 'BAD_USER_INPUT', details: { domainCode: 'VALIDATION_FAILED' } });
  });
});

describe('what clients see when the log is out of reach', () => {
  it('a log that cannot be reached is a retryable UNAVAILABLE, without the driver’s details', () => {
    const error = unreachable('event log', new Error('connect ECONNREFUSED 10.0.0.5:5432'));
    expect(toPublicError(error)).toEqual({
      code: 'UNAVAILABLE',
      message: 'the event log is unavailable: its server cannot be reached; retry later',
      details: { resource: 'event log', reason: 'UNREACHABLE', retryable: true },
    });
  });
});
