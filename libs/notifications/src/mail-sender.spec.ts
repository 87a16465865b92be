import { deliveryFailure } from './mail-sender';

describe('a failed delivery is named by its cause (the metrics label)', () => {
  it.each([
    [{ responseCode: 550 }, 'refused'],
    [{ code: 'EENVELOPE' }, 'refused'],
    [{ code: 'ETIMEDOUT' }, 'timeout'],
    [{ code: 'ECONNRESET' }, 'connection'],
    [new Error('Connection closed'), 'connection'],
    [new Error('Unexpected socket close'), 'connection'],
    [new Error('Reached maximum number of retries after connection was closed'), 'connection'],
    [new Error('something else'), 'error'],
    [undefined, 'error'],
  ])('%p is %s', (error, expected) => {
    expect(deliveryFailure(error)).toBe(expected);
  });
});
