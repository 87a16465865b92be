import { randomUUID } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { FollowerCommand, FollowerEvent, FollowerState, followerDecider } from './follower';

const AT = '2026-03-01T10:00:00.000Z';
const run = (commands: FollowerCommand[]): { state: FollowerState; events: FollowerEvent[] } => {
  let state = followerDecider.initialState();
  const events: FollowerEvent[] = [];
  for (const command of commands) {
    const produced = followerDecider.decide(command, state);
    events.push(...produced);
    state = produced.reduce((s, e) => followerDecider.evolve(s, e), state);
  }
  return { state, events };
};
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'OK';
};
const request = (over: Partial<Extract<FollowerCommand, { type: 'RequestFollow' }>['data']> = {}): FollowerCommand => ({
  type: 'RequestFollow',
  data: {
    followerId: randomUUID(),
    subjectKind: 'recommendation',
    subjectId: randomUUID(),
    language: 'kk',
    followable: true,
    at: AT,
    ...over,
  },
});

describe('a follower: asked, confirmed by the link, ended or erased', () => {
  it('records the follow request with the follower id, the subject and the language, and no address', () => {
    const { events } = run([request()]);
    expect(events).toHaveLength(1);
    expect(Object.keys(events[0]!.data).sort()).toEqual(['followerId', 'language', 'requestedAt', 'subjectId', 'subjectKind']);
  });

  it('refuses a subject that is not followable, a foreign language or kind, and a second request on the same follower', () => {
    expect(codeOf(() => run([request({ followable: false })]))).toBe('NOT_FOUND');
    expect(codeOf(() => run([request({ language: 'de' })]))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => run([request({ subjectKind: 'meeting' as never })]))).toBe('VALIDATION_FAILED');
    const asked = run([request()]).state;
    expect(codeOf(() => followerDecider.decide(request(), asked))).toBe('ALREADY_EXISTS');
  });

  it('confirms once however often the link is opened; nothing is confirmed after unsubscribing', () => {
    const confirm: FollowerCommand = { type: 'ConfirmFollow', data: { at: AT } };
    const { state, events } = run([request(), confirm, confirm]);
    expect(state.status).toBe('CONFIRMED');
    expect(events.map((e) => e.type)).toEqual(['FollowRequested', 'FollowConfirmed']);
    const ended = run([request(), { type: 'Unfollow', data: { at: AT } }]).state;
    expect(ended.status).toBe('ENDED');
    expect(codeOf(() => followerDecider.decide(confirm, ended))).toBe('INVALID_TRANSITION');
  });

  it('erases once, from any state but none; an unknown follower is not found', () => {
    const erase: FollowerCommand = { type: 'EraseFollower', data: { at: AT, by: 'FOLLOWER' } };
    const { state, events } = run([request(), { type: 'Unfollow', data: { at: AT } }, erase, erase]);
    expect(state.status).toBe('ERASED');
    expect(events.map((e) => e.type)).toEqual(['FollowRequested', 'FollowEnded', 'FollowerErased']);
    expect(codeOf(() => followerDecider.decide(erase, followerDecider.initialState()))).toBe('NOT_FOUND');
  });
});
