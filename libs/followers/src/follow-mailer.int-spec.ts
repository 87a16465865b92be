import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, RecommendationCommand, RecommendationState, recommendationDecider } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { SmtpMailSender } from '@gov/notifications';
import { SmtpSink } from '../../notifications/src/testing/smtp-sink';
import { adoption } from '../../read-model/src/testing/recommendation-histories';
import { FollowMailer } from './follow-mailer';
import { SqliteFollowerAddresses } from './follower-addresses';

const UNIT = randomUUID();
/** 10:00 in Almaty, two hours after the day's digest moment (08:00). */
const MORNING = Date.parse('2026-03-02T05:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

describe('the follow mailer: each change once across replicas and restarts, a burst in one daily digest', () => {
  let root: string;
  let events: SqliteEventStore;
  let addresses: SqliteFollowerAddresses;
  let sink: SmtpSink;
  let smtpUrl: string;
  const clock = { now: MORNING };
  const mailers: FollowMailer[] = [];
  const senders: SmtpMailSender[] = [];

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'gov-follow-mailer-'));
    events = new SqliteEventStore({ dataDir: join(root, 'log'), now: () => new Date(clock.now) });
    addresses = new SqliteFollowerAddresses(join(root, 'shared'));
    sink = new SmtpSink();
    smtpUrl = await sink.start();
    clock.now = MORNING;
  });
  afterEach(async () => {
    await Promise.all(mailers.splice(0).map((m) => m.stop()));
    senders.splice(0).forEach((s) => s.close());
    await addresses.close();
    await events.close();
    await sink.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** A replica's mailer: its own data dir, the shared log and address store. */
  async function replica(name: string): Promise<FollowMailer> {
    const mail = new SmtpMailSender({ url: smtpUrl, from: 'kso@police.kz' });
    senders.push(mail);
    const mailer = new FollowMailer(events, join(root, name), {
      clock: { now: () => clock.now },
      mail,
      addresses,
      publicUrl: 'https://kso.example',
      messageIdDomain: 'police.kz',
      owner: name,
      digest: { hour: 8, timeZone: 'Asia/Almaty' },
    });
    mailers.push(mailer);
    await mailer.start();
    return mailer;
  }
  const caughtUp = async (mailer: FollowMailer) => mailer.waitFor(await events.headPosition());

  const append = (stream: string, type: string, data: Record<string, unknown>) =>
    events.appendToStream(stream, [{ id: randomUUID(), type, data }]);
  /** What the decider makes of the command, appended as one write. */
  const decided = async (rec: { id: string; state: RecommendationState }, command: RecommendationCommand) => {
    const produced = recommendationDecider.decide(command, rec.state);
    rec.state = produced.reduce((s, e) => recommendationDecider.evolve(s, e), rec.state);
    await events.appendToStream(
      `recommendation-${rec.id}`,
      produced.map((e) => ({ id: randomUUID(), type: e.type, data: e.data })),
    );
  };

  /** A published recommendation, accepted by its unit, and a confirmed follower of it. */
  async function followed(): Promise<{ id: string; state: RecommendationState }> {
    const id = randomUUID();
    const meetingId = randomUUID();
    const rec = { id, state: recommendationDecider.initialState() };
    await decided(rec, adoption(id, at(MORNING), meetingId));
    await decided(rec, {
      type: 'AssignResponsibility',
      data: { leadUnitId: UNIT, coExecutorUnitIds: [], units: [{ id: UNIT, status: 'ACTIVE' }], dueDate: '2026-06-30', at: at(MORNING) },
    });
    await decided(rec, { type: 'AcceptRecommendation', data: { unitId: UNIT, at: at(MORNING) } });
    await append(`meeting-${meetingId}`, 'MeetingPublished', { meetingId, publishedAt: at(MORNING) });
    const followerId = randomUUID();
    await addresses.add({
      followerId,
      address: 'reader@media.kz',
      token: 'secret',
      subjectKind: 'recommendation',
      subjectId: id,
      requestedAt: at(MORNING),
    });
    const stream = `follower-${followerId}`;
    await append(stream, 'FollowRequested', {
      followerId,
      subjectKind: 'recommendation',
      subjectId: id,
      language: 'ru',
      requestedAt: at(MORNING),
    });
    await append(stream, 'FollowConfirmed', { followerId, confirmedAt: at(MORNING) });
    return rec;
  }
  const progress = (rec: { id: string; state: RecommendationState }, percent: number) =>
    decided(rec, { type: 'ReportProgress', data: { unitId: UNIT, percent, note: 'ход', evidence: [], at: at(clock.now) } });

  it('two replicas ticking at once send a change once, and a restarted one does not send it again', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const rec = await followed();
    await progress(rec, 30);
    await Promise.all([caughtUp(a), caughtUp(b)]);
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.sent + rb.sent).toBe(1);
    await a.stop();
    const again = await replica('a');
    await caughtUp(again);
    expect((await again.tick()).sent + (await b.tick()).sent).toBe(0);
    const mails = await sink.settled();
    expect(mails.map((m) => m.subject)).toEqual(['Рекомендация № 1: статус — «исполняется»']);
  });

  it('past three messages in a day, the rest wait for the next morning’s digest, which lists them and carries the unsubscribe link', async () => {
    const mailer = await replica('a');
    const rec = await followed();
    for (const percent of [10, 20, 30, 40, 50]) await progress(rec, percent);
    await caughtUp(mailer);
    expect(await mailer.tick()).toEqual({ sent: 5, failed: 0, digests: 0 });
    expect((await sink.settled()).map((m) => m.subject)).toEqual([
      'Рекомендация № 1: статус — «исполняется»',
      'Рекомендация № 1: исполнено на 20%',
      'Рекомендация № 1: исполнено на 30%',
    ]);
    clock.now = MORNING + DAY_MS;
    await caughtUp(mailer);
    expect((await mailer.tick()).digests).toBe(1);
    const digest = (await sink.settled())[3]!;
    expect(digest.subject).toBe('Изменения за 2026-03-03: 2');
    expect(digest.text).toContain('Рекомендация № 1: исполнено на 40%');
    expect(digest.text).toContain('Рекомендация № 1: исполнено на 50%');
    expect(digest.headerLines.some((h) => h.key === 'list-unsubscribe-post')).toBe(true);
    expect((await mailer.tick()).digests).toBe(0);
  });
});
