import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Decider,
  DomainCommand,
  DomainEvent,
  Evidence,
  MultilingualText,
  RecommendationCommand,
  RecommendationState,
  bodyDecider,
  meetingDecider,
  meetingFact,
  recommendationDecider,
  unitDecider,
} from '@gov/domain';
import { BatchAppend, SqliteEventStore } from '@gov/event-store';

/** Deterministic PRNG (mulberry32): the same seed gives the same history. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => {
      if (xs.length === 0) throw new RangeError('cannot pick from an empty list');
      return xs[Math.floor(next() * xs.length)] as T;
    },
    chance: (p: number) => next() < p,
  };
}

/** Ids derived from a counter: stable across runs, valid UUIDs. */
const uuidOf = (n: number) => {
  const h = createHash('md5').update(String(n)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const RU = [
  'Улучшить оперативную работу районных подразделений',
  'Установить дорожные знаки на улице Крепостная',
  'Перенести зону видеонаблюдения во двор',
  'Оснастить патрульные автомобили проблесковыми маячками',
  'Усилить профилактику мошенничества в сети',
  'Проводить брифинги для СМИ еженедельно',
  'Применять искусственный интеллект против киберпреступности',
  'Повысить правовую грамотность населения',
  'Разъяснять проект новой Конституции',
];
const KK = [
  'Аудандық бөліністердің жедел жұмысын жақсарту',
  'Жалған ақпаратқа қарсы іс-қимылды күшейту',
  'Киберқауіпсіздік деңгейін арттыру',
  'Халықтың құқықтық сауаттылығын арттыру',
  'Жасанды интеллект мүмкіндіктерін кеңінен қолдану',
  '«Заң және Тәртіп» қағидатын қатаң сақтау',
];
const DAY = 86_400_000;
const HISTORY_START = Date.parse('2016-01-04T09:00:00Z');

/** Meeting titles, in both languages. */
const TITLES: MultilingualText[] = [
  { kk: 'Құқық бұзушылықтың алдын алу туралы', ru: 'О профилактике правонарушений' },
  { kk: 'Жол қауіпсіздігі туралы', ru: 'О безопасности дорожного движения' },
  { kk: 'Полицияның халық алдындағы есебі', ru: 'Отчёт полиции перед населением' },
  { kk: 'Киберқылмысқа қарсы іс-қимыл', ru: 'О противодействии киберпреступности' },
  { kk: 'Кәмелетке толмағандар арасындағы құқық бұзушылық', ru: 'О правонарушениях среди несовершеннолетних' },
];

/** One command of the history, as the real decider took it, and what it decided. */
export interface HistoryStep {
  streamId: string;
  /** The role that acts: `admin`, `secretary:<bodyId>` or `unit:<unitId>`. */
  actor: string;
  command: DomainCommand;
  events: DomainEvent[];
  /** Business time of the command. */
  at: string;
  /** Log time: grows with every step (a batch append's recordedAt). */
  recordedAt: number;
}

export interface Region {
  name: MultilingualText;
  body: MultilingualText;
  region: string;
  members: string[];
  districts?: MultilingualText[];
}

export interface HistoryOptions {
  /** Stop once about this many events were decided (the benchmark's size). */
  events?: number;
  seed?: number;
  /** First business day of the history (ms). */
  start?: number;
  /** No business time after this (ms): the history ends there; meetings due later stay scheduled. */
  until?: number;
  /** Regional departments with a body each; the default is 20 numbered ones. */
  regions?: Region[];
  districtsPerRegion?: number;
  recommendationsPerMeeting?: number;
  /** The evidence or paper a step cites under `name`; by default a hash of its time (nothing stored). */
  file?: (name: string, at: string) => Evidence;
}

export interface GeneratorOptions extends HistoryOptions {
  events: number;
  /** Called with each batch of appends, in log order; recordedAt grows monotonically. */
  sink: (batch: BatchAppend[]) => void;
  /** Appends per transaction. 20 000 by default: at 2 000 each commit's fsync and checkpoint rewrote the
   * same index pages (4.6 GB written for a 340 MB log of 300 000 events, 1.4 GB at 20 000) and
   * generation took twice as long. */
  batchSize?: number;
}

export interface GeneratedSummary {
  events: number;
  recommendations: number;
  meetings: number;
  units: string[];
  bodies: string[];
  startedAt: number;
  endedAt: number;
}

/** The benchmark's history appended straight to the log in batches: the commands of `historySteps` and their events. */
export function generateHistory(options: GeneratorOptions): GeneratedSummary {
  const batchSize = options.batchSize ?? 20_000;
  const revisions = new Map<string, bigint>();
  let pending: BatchAppend[] = [];
  let n = 0;
  const steps = historySteps(options);
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) {
      if (pending.length) options.sink(pending);
      return next.value;
    }
    const step = next.value;
    const revision = revisions.get(step.streamId);
    pending.push({
      streamId: step.streamId,
      expectedRevision: revision === undefined ? 'no_stream' : revision,
      recordedAt: new Date(step.recordedAt),
      events: step.events.map((e) => ({
        id: uuidOf(-2 * ++n),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: {
          actor: { sub: step.actor, name: step.actor, role: step.actor },
          commandId: null,
          commandType: step.command.type,
          correlationId: uuidOf(-2 * n - 1),
          occurredAt: step.at,
          schemaVersion: 1,
        },
      })),
    });
    revisions.set(step.streamId, (revision ?? -1n) + BigInt(step.events.length));
    if (pending.length >= batchSize) {
      options.sink(pending);
      pending = [];
    }
  }
}

/**
 * The benchmark's history of `events` events (ending at `until`, ms, when given), generated once into
 * `<dir>/history-<events>-<seed>[-until-<day>]` and reused: summary.json is written last, so a history
 * whose generation was stopped is made again.
 */
export function cachedHistory(dir: string, events: number, seed: number, until?: number): { dir: string; summary: GeneratedSummary } {
  const day = until === undefined ? '' : `-until-${new Date(until).toISOString().slice(0, 10)}`;
  const cached = join(dir, `history-${events}-${seed}${day}`);
  const summaryFile = join(cached, 'summary.json');
  if (existsSync(summaryFile)) {
    console.log(`Using the generated history in ${cached}`);
    return { dir: cached, summary: JSON.parse(readFileSync(summaryFile, 'utf8')) as GeneratedSummary };
  }
  console.log(`Generating a history of ${events} events (seed ${seed}${day})…`);
  rmSync(cached, { recursive: true, force: true });
  const store = new SqliteEventStore({ dataDir: cached });
  const started = Date.now();
  const summary = generateHistory({ events, seed, until, sink: (batch) => store.appendBatch(batch) });
  void store.close();
  console.log(
    `  ${summary.events} events, ${summary.recommendations} recommendations, ${summary.meetings} meetings in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  writeFileSync(summaryFile, JSON.stringify(summary));
  return { dir: cached, summary };
}

const numberedRegions = (): Region[] =>
  Array.from({ length: 20 }, (_, i) => ({
    name: { ru: `ДП области №${i + 1}`, kk: `№${i + 1} облыстың ПД` },
    body: { ru: 'Консультативно-совещательный орган', kk: 'Консультативтік-кеңесші орган' },
    region: '',
    members: [1, 2, 3, 4, 5].map((k) => `Член совета ${k}`),
  }));

/**
 * A realistic history, produced by the real deciders month by month: regional departments with
 * district departments under each, a body per region, quarterly meetings, and recommendations that
 * are assigned, accepted or disputed, progress with evidence, get extensions, are returned and
 * verified, closed unfulfilled or withdrawn. Each step is a command with the events its decider
 * decided: the benchmark appends the events, the demo sends the commands through the write side.
 */
export function* historySteps(options: HistoryOptions): Generator<HistoryStep, GeneratedSummary> {
  const r = rng(options.seed ?? 42);
  let counter = 0;
  const id = () => uuidOf(++counter);
  const startedAt = options.start ?? HISTORY_START;
  const until = options.until ?? Infinity;
  const target = options.events ?? Infinity;
  const file = options.file ?? ((name, at) => ({ name, sha256: createHash('sha256').update(at).digest('hex'), uri: null }));
  let clock = startedAt;
  let written = 0;

  /** Decides `command` on `state` at business time `at` (the clock by default); the step is yielded, the new state returned. */
  function* step<S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
    state: S,
    command: C,
    actor: string,
  ): Generator<HistoryStep, S> {
    const events = decider.decide(command, state);
    clock += 1000 + r.int(60_000);
    written += events.length;
    yield { streamId, actor, command, events, at: (command.data as { at: string }).at, recordedAt: clock };
    return events.reduce((s, e) => decider.evolve(s, e), state);
  }
  // Business times before the history began (a first meeting scheduled ahead) are the history's first day.
  const at = (offset = 0) => new Date(Math.max(startedAt, clock + offset)).toISOString();
  const done = () => written >= target || clock > until;

  const regions = options.regions ?? numberedRegions();
  const units: string[] = [];
  const regional: string[] = [];
  for (const region of regions) {
    const unitId = id();
    yield* step(
      unitDecider,
      `unit-${unitId}`,
      unitDecider.initialState(),
      { type: 'RegisterUnit', data: { unitId, name: region.name, kind: 'POLICE_DEPARTMENT', at: at() } },
      'admin',
    );
    regional.push(unitId);
    units.push(unitId);
  }
  const districtsOf = new Map<string, string[]>();
  for (const [i, parent] of regional.entries()) {
    const list: string[] = [];
    for (let j = 0; j < (options.districtsPerRegion ?? 10); j++) {
      const unitId = id();
      yield* step(
        unitDecider,
        `unit-${unitId}`,
        unitDecider.initialState(),
        {
          type: 'RegisterUnit',
          data: {
            unitId,
            // Numbered by region and district when the region names none: no two units share a name.
            name: regions[i]!.districts?.[j] ?? {
              ru: `Районный отдел полиции ${i + 1}.${j + 1}`,
              kk: `Аудандық полиция бөлімі ${i + 1}.${j + 1}`,
            },
            kind: 'DISTRICT_DEPARTMENT',
            parent: { id: parent, status: 'ACTIVE' },
            at: at(),
          },
        },
        'admin',
      );
      list.push(unitId);
      units.push(unitId);
    }
    districtsOf.set(parent, list);
  }

  // A body per regional department, with five members.
  const bodies: Array<{ id: string; host: string; members: string[]; meetings: Map<number, number>; held: string[] }> = [];
  for (const [i, host] of regional.entries()) {
    const region = regions[i]!;
    const bodyId = id();
    let state = yield* step(
      bodyDecider,
      `body-${bodyId}`,
      bodyDecider.initialState(),
      {
        type: 'EstablishBody',
        data: {
          bodyId,
          name: region.body,
          kind: 'CONSULTATIVE_ADVISORY',
          hostUnitId: host,
          hostUnit: { id: host, status: 'ACTIVE' },
          region: region.region || `Region ${host.slice(0, 4)}`,
          at: at(),
        },
      },
      'admin',
    );
    const members: string[] = [];
    for (const [k, role] of (['CHAIR', 'SECRETARY', 'MEMBER', 'MEMBER', 'MEMBER'] as const).entries()) {
      const memberId = id();
      state = yield* step(
        bodyDecider,
        `body-${bodyId}`,
        state,
        {
          type: 'AppointMember',
          data: {
            memberId,
            fullName: region.members[k] ?? `Член совета ${k + 1}`,
            role,
            affiliation: r.pick(['Адвокатура', 'СМИ', 'НПО', 'Маслихат']),
            at: at(),
          },
        },
        'admin',
      );
      members.push(memberId);
    }
    bodies.push({ id: bodyId, host, members, meetings: new Map(), held: [] });
  }

  const open = new Map<string, { state: RecommendationState; units: string[]; secretary: string; adoptedAt: number }>();
  let recommendations = 0;
  let meetings = 0;
  const months = until === Infinity ? 120 : Math.floor((until - startedAt) / (30 * DAY));
  const recsPerMeeting = options.recommendationsPerMeeting ?? Math.max(1, Math.ceil(target / 11 / (bodies.length * (months / 3))));

  for (let month = 0; !done(); month++) {
    const monthStart = startedAt + month * 30 * DAY;
    clock = Math.max(clock, monthStart);
    const newMeetings = month < months;
    // Every meeting held and every recommendation closed short of the target: nothing more would come.
    if (!newMeetings && open.size === 0) break;
    for (const [b, body] of bodies.entries()) {
      if (!newMeetings || (b + month) % 3 !== 0 || done()) continue;
      const meetingId = id();
      const stream = `meeting-${meetingId}`;
      const secretary = `secretary:${body.id}`;
      meetings++;
      // Numbered within the year: 1/2025, 2/2025, … 1/2026.
      const year = new Date(clock).getUTCFullYear();
      body.meetings.set(year, (body.meetings.get(year) ?? 0) + 1);
      const number = `${body.meetings.get(year)}/${year}`;
      // Scheduled two weeks ahead with its agenda and papers; held, minuted and decided on the day.
      let m = yield* step(
        meetingDecider,
        stream,
        meetingDecider.initialState(),
        {
          type: 'ScheduleMeeting',
          data: {
            meetingId,
            bodyId: body.id,
            bodyActive: true,
            number,
            kind: r.pick(['REGULAR', 'REGULAR', 'PUBLIC_REPORT', 'ROUND_TABLE'] as const),
            title: r.pick(TITLES),
            startsAt: at(),
            place: 'Актовый зал',
            format: 'IN_PERSON',
            at: at(-14 * DAY),
          },
        },
        secretary,
      );
      const items = [id(), id(), id()];
      for (const itemId of items)
        m = yield* step(
          meetingDecider,
          stream,
          m,
          { type: 'AddAgendaItem', data: { itemId, title: { ru: r.pick(RU), kk: r.pick(KK) }, at: at(-10 * DAY) } },
          secretary,
        );
      m = yield* step(
        meetingDecider,
        stream,
        m,
        { type: 'AttachAgendaItemPaper', data: { itemId: items[0]!, paper: file('Проект решения.pdf', at(-9 * DAY)), at: at(-9 * DAY) } },
        secretary,
      );
      if (body.held.length > 0 && r.chance(0.5)) {
        const covered = body.held.slice(-1).map((mid) => ({
          id: mid,
          bodyId: body.id,
          status: 'MINUTES_APPROVED' as const,
          startsAt: at(-60 * DAY),
          agendaItemIds: [],
        }));
        m = yield* step(
          meetingDecider,
          stream,
          m,
          {
            type: 'AddReportBackItem',
            data: {
              itemId: id(),
              title: { ru: 'О выполнении рекомендаций', kk: 'Ұсынымдардың орындалуы туралы' },
              coveredMeetings: covered,
              asOfPosition: String(written),
              at: at(-7 * DAY),
            },
          },
          secretary,
        );
      }
      m = yield* step(
        meetingDecider,
        stream,
        m,
        {
          type: 'RecordMeetingHeld',
          data: {
            heldAt: m.startsAt!,
            membersPresent: body.members.slice(0, 3 + r.int(3)),
            bodyMemberIds: body.members,
            guests: [{ fullName: 'Корреспондент', organization: 'Polisia.kz', category: 'MEDIA' }],
            at: at(),
            recordedAt: at(),
          },
        },
        secretary,
      );
      for (const itemId of items)
        m = yield* step(
          meetingDecider,
          stream,
          m,
          {
            type: 'DiscussAgendaItem',
            data: { itemId, minutes: { ru: 'Обсудили, приняли рекомендации', kk: 'Талқыланды, ұсынымдар қабылданды' }, at: at() },
          },
          secretary,
        );
      const fact = meetingFact(m, meetingId);
      for (let k = 0; k < recsPerMeeting && !done(); k++) {
        const recommendationId = id();
        recommendations++;
        const text = r.chance(0.5) ? { ru: `${r.pick(RU)} (${k + 1})` } : { kk: `${r.pick(KK)} (${k + 1})`, ru: r.pick(RU) };
        const state = yield* step(
          recommendationDecider,
          `recommendation-${recommendationId}`,
          recommendationDecider.initialState(),
          {
            type: 'AdoptRecommendation',
            data: {
              recommendationId,
              bodyId: body.id,
              meeting: fact,
              agendaItemId: r.pick(items),
              number: String(k + 1),
              text,
              origin: r.pick(['BODY', 'BODY', 'CITIZEN_PROPOSAL', 'MEDIA_REQUEST'] as const),
              priority: r.pick(['NORMAL', 'NORMAL', 'HIGH', 'CRITICAL'] as const),
              at: at(),
            },
          },
          secretary,
        );
        open.set(recommendationId, { state, units: districtsOf.get(body.host)!, secretary, adoptedAt: clock });
      }
      m = yield* step(meetingDecider, stream, m, { type: 'ApproveMinutes', data: { at: at() } }, secretary);
      m = yield* step(meetingDecider, stream, m, { type: 'PublishMeeting', data: { at: at() } }, secretary);
      body.held.push(meetingId);
    }
    for (const [recommendationId, rec] of open) {
      if (done()) break;
      // A secretary assigns within weeks of the meeting, and takes time over a dispute.
      if (rec.state.status === 'ADOPTED' && clock - rec.adoptedAt < 21 * DAY) continue;
      if (!r.chance(rec.state.status === 'DISPUTED' ? 0.1 : 0.45)) continue;
      const command = nextStep(rec.state, rec.units, r, at(), file);
      if (!command) {
        open.delete(recommendationId);
        continue;
      }
      const actor = command.type.match(/Accept|Dispute|ReportProgress|RequestDeadline|ReportImplementation|AddComment/)
        ? `unit:${rec.state.leadUnitId}`
        : rec.secretary;
      rec.state = yield* step(recommendationDecider, `recommendation-${recommendationId}`, rec.state, command, actor);
    }
  }
  // A history that ends at a date has what comes next: each body's next meeting, scheduled with its agenda.
  if (until !== Infinity)
    for (const [b, body] of bodies.entries()) {
      const meetingId = id();
      const year = new Date(until + (10 + 7 * b) * DAY).getUTCFullYear();
      body.meetings.set(year, (body.meetings.get(year) ?? 0) + 1);
      clock = Math.max(clock, until - DAY);
      let m = yield* step(
        meetingDecider,
        `meeting-${meetingId}`,
        meetingDecider.initialState(),
        {
          type: 'ScheduleMeeting',
          data: {
            meetingId,
            bodyId: body.id,
            bodyActive: true,
            number: `${body.meetings.get(year)}/${year}`,
            kind: b === 0 ? 'PUBLIC_REPORT' : 'REGULAR',
            title: TITLES[b % TITLES.length]!,
            startsAt: new Date(until + (10 + 7 * b) * DAY).toISOString(),
            place: 'Актовый зал',
            format: 'HYBRID',
            at: new Date(until - DAY).toISOString(),
          },
        },
        `secretary:${body.id}`,
      );
      for (const title of [
        { ru: r.pick(RU), kk: r.pick(KK) },
        { ru: 'О выполнении рекомендаций', kk: 'Ұсынымдардың орындалуы туралы' },
      ])
        m = yield* step(
          meetingDecider,
          `meeting-${meetingId}`,
          m,
          { type: 'AddAgendaItem', data: { itemId: id(), title, at: new Date(until - DAY).toISOString() } },
          `secretary:${body.id}`,
        );
    }
  return { events: written, recommendations, meetings, units, bodies: bodies.map((b) => b.id), startedAt, endedAt: clock };
}

function nextStep(
  s: RecommendationState,
  units: string[],
  r: ReturnType<typeof rng>,
  at: string,
  file: NonNullable<HistoryOptions['file']>,
): RecommendationCommand | null {
  const lead = s.leadUnitId!;
  const plusDays = (days: number) => new Date(Date.parse(at) + days * DAY).toISOString().slice(0, 10);
  if (s.pendingExtension) return { type: 'DecideDeadlineExtension', data: { approve: r.chance(0.7), reason: 'Решение совета', at } };
  switch (s.status) {
    case 'ADOPTED':
    case 'DISPUTED': {
      if (s.status === 'ADOPTED' && r.chance(0.03))
        return { type: 'WithdrawRecommendation', data: { reason: 'Утратила актуальность', at } };
      if (s.status === 'DISPUTED' && r.chance(0.5))
        return { type: 'CloseRecommendationNotImplemented', data: { reason: 'Снято с контроля', at } };
      const leadUnitId = r.pick(units);
      const co = r.chance(0.3) ? [r.pick(units.filter((u) => u !== leadUnitId))] : [];
      return {
        type: 'AssignResponsibility',
        data: {
          leadUnitId,
          coExecutorUnitIds: co,
          units: units.map((id) => ({ id, status: 'ACTIVE' as const })),
          dueDate: plusDays(90 + r.int(180)),
          at,
        },
      };
    }
    case 'ASSIGNED':
      return r.chance(0.85)
        ? { type: 'AcceptRecommendation', data: { unitId: lead, at } }
        : { type: 'DisputeRecommendation', data: { unitId: lead, justification: 'Не относится к компетенции', at } };
    case 'ACCEPTED':
    case 'IN_PROGRESS':
      if (s.percent >= 60 && r.chance(0.4))
        return {
          type: 'ReportImplementation',
          data: { unitId: lead, by: `officer-${lead}`, summary: 'Выполнено', evidence: [file('акт.pdf', at)], at },
        };
      if (r.chance(0.1))
        return {
          type: 'RequestDeadlineExtension',
          data: {
            unitId: lead,
            requestedDueDate: new Date(Date.parse(s.dueDate!) + (30 + r.int(90)) * DAY).toISOString().slice(0, 10),
            reason: 'Требуется финансирование',
            at,
          },
        };
      if (r.chance(0.05))
        return {
          type: 'AddComment',
          data: { commentId: uuidOf(Math.floor(r.next() * 1e12)), by: `officer-${lead}`, unitId: lead, text: 'Работа продолжается', at },
        };
      return {
        type: 'ReportProgress',
        data: {
          unitId: lead,
          percent: Math.min(100, s.percent + 10 + r.int(30)),
          note: 'Ход исполнения',
          evidence: r.chance(0.3) ? [file('фото.jpg', at)] : [],
          at,
        },
      };
    case 'IMPLEMENTATION_REPORTED':
      return r.chance(0.8)
        ? { type: 'VerifyImplementation', data: { by: 'secretary', at } }
        : { type: 'ReturnImplementation', data: { by: 'secretary', reason: 'Недостаточно подтверждений', at } };
    default:
      return null;
  }
}
