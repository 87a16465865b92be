import { randomUUID } from 'node:crypto';
import { streamIds } from '@gov/domain';
import { AppendResult, EventToAppend, ExpectedRevision, InMemoryEventStore, WrongExpectedRevisionError } from '@gov/event-store';
import { ANONYMOUS, Actor } from '../common/actor';
import { CommandResult, MAX_ATTEMPTS } from '../common/aggregate-store';
import { RegisterUnitCommand } from '../unit/register-unit';
import { assignedHistory, writeSideSpec } from '../testing/write-side-spec';
import { AcceptRecommendationCommand } from './accept-recommendation';
import { AddCommentCommand } from './add-comment';
import { WithdrawRecommendationCommand } from './withdraw-recommendation';

/** A store where, just before the write side appends, another writer gets in first (once, or every time). */
class RacingStore extends InMemoryEventStore {
  racer: (() => Promise<unknown>) | null = null;
  keepRacing = false;
  conflicts = 0;

  /** Appends as the other writer, without racing itself. */
  appendAsOther(streamId: string, events: EventToAppend[]): Promise<AppendResult> {
    return super.appendToStream(streamId, events);
  }

  override async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const racer = this.racer;
    if (!this.keepRacing) this.racer = null;
    if (racer) await racer();
    try {
      return await super.appendToStream(streamId, events, options);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.conflicts++;
      throw error;
    }
  }
}

const bodyId = randomUUID();
const leadUnit = randomUUID();
const strangerUnit = randomUUID();
const actor = (sub: string, ...roles: string[]): Actor => ({ sub, name: sub, roles });
const secretary = actor('secretary', `secretary:${bodyId}`);
const otherSecretary = actor('other-secretary', `secretary:${randomUUID()}`);
const lead = actor('lead-officer', `unit:${leadUnit}`);
const stranger = actor('stranger-officer', `unit:${strangerUnit}`);
const admin = actor('admin', 'admin');
const oversight = actor('prosecutor', 'oversight');
const assigned = (recommendationId: string) => assignedHistory(recommendationId, bodyId, leadUnit);

describe('recommendation use cases over an event store in memory', () => {
  const store = new RacingStore();
  let spec: Awaited<ReturnType<typeof writeSideSpec>>;
  beforeAll(async () => {
    spec = await writeSideSpec(store);
  });
  afterAll(() => spec.close());
  afterEach(() => {
    store.racer = null;
    store.keepRacing = false;
    store.conflicts = 0;
  });

  async function givenAssigned() {
    const recommendationId = randomUUID();
    await spec.given(streamIds.recommendation(recommendationId), assigned(recommendationId));
    return { recommendationId, streamId: streamIds.recommendation(recommendationId) };
  }
  const types = async (streamId: string) => (await spec.stream(streamId)).map((e) => e.type);

  describe('retry on conflict', () => {
    it('a command that loses a race reloads, decides again and lands after the other writer', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      store.racer = () => spec.when(AddCommentCommand, { recommendationId, text: 'Просим ускорить' }, secretary);
      const result = await spec.when(AcceptRecommendationCommand, { recommendationId }, lead);
      expect(store.conflicts).toBe(1);
      expect(result).toMatchObject({ revision: 3n, replayed: false });
      expect(await types(streamId)).toEqual(['RecommendationAdopted', 'ResponsibilityAssigned', 'CommentAdded', 'RecommendationAccepted']);
    });

    it('the retry decides on the new state: a recommendation withdrawn meanwhile can no longer be accepted', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      store.racer = () => spec.when(WithdrawRecommendationCommand, { recommendationId, reason: 'дублирует п. 2' }, secretary);
      await expect(spec.when(AcceptRecommendationCommand, { recommendationId }, lead)).rejects.toMatchObject({
        code: 'INVALID_TRANSITION',
      });
      expect(await types(streamId)).toEqual(['RecommendationAdopted', 'ResponsibilityAssigned', 'RecommendationWithdrawn']);
    });

    it('gives up with CONFLICT when other writers keep getting in first', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      store.keepRacing = true;
      store.racer = () => store.appendAsOther(streamId, [{ id: randomUUID(), type: 'CommentAdded', data: {}, metadata: {} }]);
      await expect(spec.when(AcceptRecommendationCommand, { recommendationId }, lead)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(store.conflicts).toBe(MAX_ATTEMPTS);
      expect(await types(streamId)).not.toContain('RecommendationAccepted');
    });
  });

  describe('commandId replay', () => {
    it('the same commandId twice returns the first result and writes once', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      const commandId = randomUUID();
      const first = await spec.when(AcceptRecommendationCommand, { recommendationId, note: 'принято' }, lead, { commandId });
      const again = await spec.when(AcceptRecommendationCommand, { recommendationId, note: 'принято' }, lead, { commandId });
      expect(first.replayed).toBe(false);
      expect(again).toEqual({ ...first, replayed: true });
      expect((await types(streamId)).filter((t) => t === 'RecommendationAccepted')).toHaveLength(1);
    });

    it('a replay answers even after the state moved on, where running again would be refused', async () => {
      const { recommendationId } = await givenAssigned();
      const commandId = randomUUID();
      const first = await spec.when(AcceptRecommendationCommand, { recommendationId }, lead, { commandId });
      await spec.when(WithdrawRecommendationCommand, { recommendationId, reason: 'снята' }, secretary);
      await expect(spec.when(AcceptRecommendationCommand, { recommendationId }, lead, { commandId })).resolves.toEqual({
        ...first,
        replayed: true,
      });
    });

    it('reusing a commandId for a different command is a CONFLICT and writes nothing', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      const commandId = randomUUID();
      await spec.when(AcceptRecommendationCommand, { recommendationId }, lead, { commandId });
      const before = await types(streamId);
      await expect(spec.when(AddCommentCommand, { recommendationId, text: 'x' }, lead, { commandId })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await types(streamId)).toEqual(before);
    });

    it('a create retried with the same commandId names the same entity', async () => {
      const commandId = randomUUID();
      const register = () =>
        spec.when(RegisterUnitCommand, { name: { kk: 'Қарағанды облысының ПД' }, kind: 'POLICE_DEPARTMENT' }, admin, { commandId });
      const first = await register();
      const again = await register();
      expect(again).toEqual({ ...first, replayed: true });
      expect(await types(first.streamId)).toEqual(['UnitRegistered']);
    });
  });

  describe('pinned expectedRevision', () => {
    it('a stale pin is a CONFLICT with the actual revision, not retried, and writes nothing', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      await expect(spec.when(AcceptRecommendationCommand, { recommendationId }, lead, { expectedRevision: 0n })).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { expectedRevision: '0', actualRevision: '1' },
      });
      expect(await types(streamId)).toHaveLength(2);
    });

    it('a pin that loses a race is a CONFLICT too: the client asked to see it', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      store.racer = () => spec.when(AddCommentCommand, { recommendationId, text: 'раньше' }, secretary);
      await expect(spec.when(AcceptRecommendationCommand, { recommendationId }, lead, { expectedRevision: 1n })).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { actualRevision: '2' },
      });
      expect(store.conflicts).toBe(1);
      expect(await types(streamId)).not.toContain('RecommendationAccepted');
    });

    it('the current revision pinned goes through', async () => {
      const { recommendationId } = await givenAssigned();
      await expect(spec.when(AcceptRecommendationCommand, { recommendationId }, lead, { expectedRevision: 1n })).resolves.toMatchObject({
        revision: 2n,
      });
    });
  });

  describe('who may do what', () => {
    type Case = [who: string, outcome: string, actor: Actor];
    const cases: Array<[string, (recommendationId: string, who: Actor) => Promise<CommandResult>, Case[]]> = [
      [
        'accept a recommendation',
        (recommendationId, who) => spec.when(AcceptRecommendationCommand, { recommendationId }, who),
        [
          ['the lead unit', `unit:${leadUnit}`, lead],
          ['a unit not responsible for it', 'NOT_RESPONSIBLE_UNIT', stranger],
          ["the body's secretary", 'FORBIDDEN', secretary],
          ['an administrator', 'FORBIDDEN', admin],
          ['oversight', 'FORBIDDEN', oversight],
          ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
        ],
      ],
      [
        'withdraw a recommendation',
        (recommendationId, who) => spec.when(WithdrawRecommendationCommand, { recommendationId, reason: 'снята с контроля' }, who),
        [
          ["the body's secretary", `secretary:${bodyId}`, secretary],
          ["another body's secretary", 'FORBIDDEN', otherSecretary],
          ['an administrator', 'FORBIDDEN', admin],
          ['the lead unit', 'FORBIDDEN', lead],
          ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
        ],
      ],
      [
        'comment on a recommendation',
        (recommendationId, who) => spec.when(AddCommentCommand, { recommendationId, text: 'Комментарий' }, who),
        [
          ["the body's secretary", `secretary:${bodyId}`, secretary],
          ['the lead unit', `unit:${leadUnit}`, lead],
          ['a unit not responsible for it', 'NOT_RESPONSIBLE_UNIT', stranger],
          ["another body's secretary", 'FORBIDDEN', otherSecretary],
          ['oversight', 'FORBIDDEN', oversight],
          ['an anonymous caller', 'UNAUTHENTICATED', ANONYMOUS],
        ],
      ],
    ];
    describe.each(cases)('to %s', (_act, send, table) => {
      it.each(table)('%s: %s', async (_who, outcome, who) => {
        const { recommendationId, streamId } = await givenAssigned();
        const attempt = send(recommendationId, who);
        if (outcome.includes(':')) {
          await attempt;
          const last = (await spec.stream(streamId)).at(-1);
          expect(last?.metadata).toMatchObject({ actor: { sub: who.sub, role: outcome } });
        } else {
          await expect(attempt).rejects.toMatchObject({ code: outcome });
          expect(await spec.stream(streamId)).toHaveLength(2);
        }
      });
    });

    it('a comment carries the unit its grant was for, or none from the secretary', async () => {
      const { recommendationId, streamId } = await givenAssigned();
      await spec.when(AddCommentCommand, { recommendationId, text: 'Сроки реальные' }, lead);
      await spec.when(AddCommentCommand, { recommendationId, text: 'Принято к сведению' }, secretary);
      const comments = (await spec.stream(streamId)).filter((e) => e.type === 'CommentAdded').map((e) => e.data);
      expect(comments).toMatchObject([
        { unitId: leadUnit, authorSub: lead.sub },
        { unitId: null, authorSub: secretary.sub },
      ]);
    });

    it('units are the administrator’s to register', async () => {
      const payload = { name: { ru: 'ОП района' }, kind: 'DISTRICT_DEPARTMENT' as const };
      await expect(spec.when(RegisterUnitCommand, payload, secretary)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(spec.when(RegisterUnitCommand, payload, ANONYMOUS)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const { streamId } = await spec.when(RegisterUnitCommand, payload, admin);
      expect((await spec.stream(streamId))[0]?.metadata).toMatchObject({ actor: { role: 'admin' } });
    });
  });
});
