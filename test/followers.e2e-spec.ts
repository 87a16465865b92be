import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ParsedMail } from 'mailparser';
import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { RunningApp, codeOf, gql, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { World, establishWorld, heldMeeting, mutate } from './support/scenario';

const PUBLIC_URL = 'https://kso.karaganda.example';
const READER = 'Journalist.Reader@Media.KZ';
const ADDRESS = 'Journalist.Reader@media.kz';

const FOLLOW_REC = `mutation($i: FollowRecommendationInput!) { followRecommendation(input: $i) { accepted } }`;
const FOLLOW_BODY = `mutation($i: FollowBodyInput!) { followBody(input: $i) { accepted } }`;
const CONFIRM = `mutation($i: FollowerLinkInput!) { confirmFollow(input: $i) { done } }`;
const ERASE = `mutation($i: EraseFollowerInput!) { eraseFollower(input: $i) { followersErased } }`;

const to = (m: ParsedMail) => [m.to].flat()[0]?.text ?? '';
/** A header field as sent (mailparser folds the List-* fields into one structure). */
const header = (m: ParsedMail, name: string) =>
  m.headerLines
    .find((h) => h.key === name)
    ?.line.slice(name.length + 1)
    .trim();
/** The follower id and secret of a link in a message (confirm, unsubscribe or erase). */
function linkOf(m: ParsedMail, path: string): { url: string; input: { followerId: string; token: string } } {
  const url = new RegExp(`${PUBLIC_URL}${path}\\?[^\\s>]+`).exec(m.text ?? '')?.[0];
  if (!url) throw new Error(`no ${path} link in: ${m.text}`);
  const query = new URL(url).searchParams;
  return { url, input: { followerId: query.get('f')!, token: query.get('t')! } };
}

/** Every file under the data dir whose bytes hold `needle` (in any case), by path. */
function filesHolding(dir: string, needle: string): string[] {
  const variants = [needle, needle.toLowerCase(), needle.toUpperCase()].map((s) => Buffer.from(s));
  const found: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    if (variants.some((v) => bytes.includes(v))) found.push(name);
  }
  return found;
}

/** A meeting held now with one recommendation assigned, approved and published; the recommendation's id. */
async function publishedRecommendation(app: RunningApp, w: World, number: string, text: Record<string, string>): Promise<string> {
  const { meetingId, itemId } = await heldMeeting(app, w, number, new Date().toISOString(), text);
  const { id } = (
    await mutate(app, 'adoptRecommendation', { meetingId, agendaItemId: itemId, number: '7', text }, w.secretary, 'recommendation { id }')
  ).recommendation;
  const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await mutate(app, 'assignResponsibility', { recommendationId: id, leadUnitId: w.unitA, dueDate }, w.secretary, 'recommendation { id }');
  await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');
  await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');
  return id as string;
}

describe('following a recommendation or a body by email, over the running app and a real SMTP server', () => {
  let app: RunningApp;
  let sink: SmtpSink;
  let w: World;
  let recommendationId: string;

  const mailsTo = async (address: string) => (await sink.settled()).filter((m) => to(m).toLowerCase() === address.toLowerCase());
  const arrived = async (address: string, count: number) => {
    let mails: ParsedMail[] = [];
    await eventually(async () => {
      mails = await mailsTo(address);
      if (mails.length < count) throw new Error(`${address} has ${mails.length} of ${count} messages`);
    });
    return mails;
  };

  /** What a mail client does with List-Unsubscribe-Post (RFC 8058): a POST to the address, no sign-in. */
  const oneClick = (m: ParsedMail) =>
    fetch(linkOf(m, '/follow/unsubscribe').url.replace(PUBLIC_URL, app.url.replace('/graphql', '')), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });

  beforeAll(async () => {
    sink = new SmtpSink();
    const smtpUrl = await sink.start();
    app = await startApp({ SMTP_URL: smtpUrl, MAIL_FROM: 'kso@police.kz', PUBLIC_URL, NOTIFY_INTERVAL_SECONDS: '1' });
    w = await establishWorld(app);
    recommendationId = await publishedRecommendation(app, w, '30/2026', {
      ru: 'Осветить пешеходные переходы',
      kk: 'Жаяу өткелдерді жарықтандыру',
    });
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
    await sink?.stop();
  });

  it('confirm first, then one message per public change in the follower’s language, one-click unsubscribe, nothing after', async () => {
    const asked = await gql(app.url, FOLLOW_REC, { i: { recommendationId, email: READER, language: 'kk' } });
    expect(asked.data).toEqual({ followRecommendation: { accepted: true } });
    const [confirmation] = await arrived(ADDRESS, 1);
    expect(confirmation!.subject).toContain('№ 7 ұсыным');
    expect(header(confirmation!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Until the link is opened nothing else goes out: this change is not told.
    await mutate(app, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
    const { followerId, token } = linkOf(confirmation!, '/follow/confirm').input;
    expect(codeOf(await gql(app.url, CONFIRM, { i: { followerId, token: `${token}x` } }))).toBe('NOT_FOUND');
    expect((await gql(app.url, CONFIRM, { i: { followerId, token } })).data).toEqual({ confirmFollow: { done: true } });

    await mutate(
      app,
      'reportProgress',
      { recommendationId, percent: 40, note: 'Установлены 4 фонаря из 10' },
      w.tokenA,
      'recommendation { id }',
    );
    const [, change] = await arrived(ADDRESS, 2);
    expect(change!.subject).toBe('№ 7 ұсыным: мәртебесі — «орындалуда»');
    expect(change!.text).toContain(`${PUBLIC_URL}/recommendations/${recommendationId}`);
    // RFC 8058: the unsubscribe address in the header, and the mail client's POST to it, no sign-in.
    const unsubscribe = linkOf(change!, '/follow/unsubscribe');
    expect(header(change!, 'list-unsubscribe')).toContain(unsubscribe.url);
    expect(header(change!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect((await oneClick(change!)).status).toBe(200);

    // A later change: nothing to the unsubscribed address. A second follower, confirmed, shows it went by.
    await gql(app.url, FOLLOW_REC, { i: { recommendationId, email: 'second@media.kz', language: 'ru' } });
    const [second] = await arrived('second@media.kz', 1);
    expect((await gql(app.url, CONFIRM, { i: linkOf(second!, '/follow/confirm').input })).data).toEqual({ confirmFollow: { done: true } });
    await mutate(app, 'reportProgress', { recommendationId, percent: 70, note: 'Ещё 3 фонаря' }, w.tokenA, 'recommendation { id }');
    const [, told] = await arrived('second@media.kz', 2);
    expect(told!.subject).toBe('Рекомендация № 7: исполнено на 70%');
    expect(await mailsTo(ADDRESS)).toHaveLength(2);

    // The log and the notifier's records name the follower by id: the address is in the address store only.
    expect(filesHolding(app.dataDir, ADDRESS).every((f) => f.startsWith('followers.sqlite'))).toBe(true);
  });

  it('the answer never says whether an address follows already, and one address gets at most three confirmations a day', async () => {
    const ask = (email: string) => gql(app.url, FOLLOW_BODY, { i: { bodyId: w.bodyId, email, language: 'ru' } });
    expect(codeOf(await ask('not an address'))).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(await ask('not an address'))).not.toContain('not an address');
    // Asked five times, told once: the same answer each time, one confirmation.
    for (let i = 0; i < 5; i++) expect((await ask('many@media.kz')).data).toEqual({ followBody: { accepted: true } });
    let mails = await arrived('many@media.kz', 1);
    // Unsubscribed, the address may ask again: a second and a third confirmation, then no more today.
    for (const count of [2, 3]) {
      await oneClick(mails.at(-1)!);
      expect((await ask('many@media.kz')).data).toEqual({ followBody: { accepted: true } });
      mails = await arrived('many@media.kz', count);
    }
    await oneClick(mails.at(-1)!);
    expect((await ask('many@media.kz')).data).toEqual({ followBody: { accepted: true } });
    // Another address asked after it is told: the fourth request would have gone out by then.
    await ask('barrier@media.kz');
    await arrived('barrier@media.kz', 1);
    expect(await mailsTo('many@media.kz')).toHaveLength(3);
  });

  it('a body’s follower hears of each newly published recommendation', async () => {
    await gql(app.url, FOLLOW_BODY, { i: { bodyId: w.bodyId, email: 'body-reader@media.kz', language: 'en' } });
    const [confirmation] = await arrived('body-reader@media.kz', 1);
    expect((await gql(app.url, CONFIRM, { i: linkOf(confirmation!, '/follow/confirm').input })).data).toEqual({
      confirmFollow: { done: true },
    });
    const id = await publishedRecommendation(app, w, '31/2026', { ru: 'Патрулирование парков', en: 'Patrol the parks' });
    const [, published] = await arrived('body-reader@media.kz', 2);
    expect(published!.subject).toBe('New published recommendation No. 7');
    expect(published!.text).toContain(`/recommendations/${id}`);
  });

  it('erasure through the link in a message: the address is in no file of the data dir, and every hash chain still verifies', async () => {
    const [first] = await mailsTo(ADDRESS);
    const erase = linkOf(first!, '/follow/erase').input;
    expect(filesHolding(app.dataDir, ADDRESS)).not.toEqual([]);
    const r = await gql(app.url, ERASE, { i: { followerId: erase.followerId, token: erase.token } });
    expect(r.data).toEqual({ eraseFollower: { followersErased: 1 } });
    // The link is dead afterwards, and an administrator can erase an address too.
    expect(codeOf(await gql(app.url, ERASE, { i: erase }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(app.url, ERASE, { i: { email: 'second@media.kz' } }))).toBe('UNAUTHENTICATED');
    expect((await gql(app.url, ERASE, { i: { email: 'Second@Media.kz' } }, w.admin)).data).toEqual({
      eraseFollower: { followersErased: 1 },
    });

    await app.stop();
    expect(filesHolding(app.dataDir, ADDRESS)).toEqual([]);
    expect(filesHolding(app.dataDir, 'second@media.kz')).toEqual([]);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../scripts/run-ts.js'), join(__dirname, '../apps/api/src/cli/verify.ts')],
      { env: { ...process.env, GOVERNANCE_DATA_DIR: app.dataDir } },
    );
    expect(stdout).toMatch(/^ok: \d+ events, every stream's hash chain intact/m);
  });
});
