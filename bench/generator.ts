import { createHash } from 'node:crypto';
import {
  Decider,
  DomainCommand,
  DomainEvent,
  RecommendationCommand,
  RecommendationState,
  bodyDecider,
  meetingDecider,
  meetingFact,
  recommendationDecider,
  unitDecider,
} from '@gov/domain';
import { BatchAppend } from '@gov/event-store';

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

export interface GeneratorOptions {
  events: number;
  seed?: number;
  /** Called with each batch of appends, in log order; recordedAt grows monotonically. */
  sink: (batch: BatchAppend[]) => void;
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

/**
 * A realistic history, produced by the real deciders month by month: 20 regional and 200 district
 * departments, a body each, quarterly meetings, and recommendations that are assigned, accepted or
 * disputed, progress with evidence, get extensions, are returned and verified, or closed unfulfilled.
 */
export function generateHistory(options: GeneratorOptions): GeneratedSummary {
  const r = rng(options.seed ?? 42);
  const batchSize = options.batchSize ?? 2000;
  let counter = 0;
  const id = () => uuidOf(++counter);
  let clock = Date.parse('2016-01-04T09:00:00Z');
  let written = 0;
  let pending: BatchAppend[] = [];
  const revisions = new Map<string, bigint>();

  const emit = <S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
    state: S,
    command: C,
    actor: string,
  ): S => {
    const events = decider.decide(command, state);
    clock += 1000 + r.int(60_000);
    const revision = revisions.get(streamId);
    pending.push({
      streamId,
      expectedRevision: revision === undefined ? 'no_stream' : revision,
      recordedAt: new Date(clock),
      events: events.map((e) => ({
        id: id(),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: {
          actor: { sub: actor, name: actor, role: actor },
          commandId: null,
          commandType: command.type,
          correlationId: uuidOf(-counter),
          occurredAt: new Date(clock).toISOString(),
          schemaVersion: 1,
        },
      })),
    });
    revisions.set(streamId, (revision ?? -1n) + BigInt(events.length));
    written += events.length;
    if (pending.length >= batchSize) flush();
    return events.reduce((s, e) => decider.evolve(s, e), state);
  };
  const flush = () => {
    if (pending.length) options.sink(pending);
    pending = [];
  };
  const at = () => new Date(clock).toISOString();

  // Units: 20 regional departments, 10 district departments under each.
  const units: string[] = [];
  const regional: string[] = [];
  for (let i = 0; i < 20; i++) {
    const unitId = id();
    emit(
      unitDecider,
      `unit-${unitId}`,
      unitDecider.initialState(),
      {
        type: 'RegisterUnit',
        data: { unitId, name: { ru: `ДП области №${i + 1}`, kk: `№${i + 1} облыстың ПД` }, kind: 'POLICE_DEPARTMENT', at: at() },
      },
      'admin',
    );
    regional.push(unitId);
    units.push(unitId);
  }
  const districtsOf = new Map<string, string[]>();
  for (const parent of regional) {
    const list: string[] = [];
    for (let j = 0; j < 10; j++) {
      const unitId = id();
      emit(
        unitDecider,
        `unit-${unitId}`,
        unitDecider.initialState(),
        {
          type: 'RegisterUnit',
          data: {
            unitId,
            name: { ru: `Районный отдел полиции ${j + 1}` },
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
  const bodies: Array<{ id: string; host: string; members: string[]; meetings: number; held: string[] }> = [];
  for (const host of regional) {
    const bodyId = id();
    let state = emit(
      bodyDecider,
      `body-${bodyId}`,
      bodyDecider.initialState(),
      {
        type: 'EstablishBody',
        data: {
          bodyId,
          name: { ru: 'Консультативно-совещательный орган', kk: 'Консультативтік-кеңесші орган' },
          kind: 'CONSULTATIVE_ADVISORY',
          hostUnitId: host,
          hostUnit: { id: host, status: 'ACTIVE' },
          region: `Region ${host.slice(0, 4)}`,
          at: at(),
        },
      },
      'admin',
    );
    const members: string[] = [];
    for (const [k, role] of (['CHAIR', 'SECRETARY', 'MEMBER', 'MEMBER', 'MEMBER'] as const).entries()) {
      const memberId = id();
      state = emit(
        bodyDecider,
        `body-${bodyId}`,
        state,
        {
          type: 'AppointMember',
          data: {
            memberId,
            fullName: `Член совета ${k + 1}`,
            role,
            affiliation: r.pick(['Адвокатура', 'СМИ', 'НПО', 'Маслихат']),
            at: at(),
          },
        },
        'admin',
      );
      members.push(memberId);
    }
    bodies.push({ id: bodyId, host, members, meetings: 0, held: [] });
  }

  const open = new Map<string, { state: RecommendationState; units: string[]; secretary: string }>();
  let recommendations = 0;
  let meetings = 0;
  const months = 120;
  const recsPerMeeting = Math.max(1, Math.ceil(options.events / 11 / (bodies.length * (months / 3))));

  for (let month = 0; written < options.events; month++) {
    const monthStart = Date.parse('2016-01-04T09:00:00Z') + month * 30 * DAY;
    clock = Math.max(clock, monthStart);
    const newMeetings = month < months;
    for (const [b, body] of bodies.entries()) {
      if (!newMeetings || (b + month) % 3 !== 0 || written >= options.events) continue;
      const meetingId = id();
      const stream = `meeting-${meetingId}`;
      const secretary = `secretary:${body.id}`;
      body.meetings++;
      meetings++;
      const number = `${body.meetings}/${2016 + Math.floor(month / 12)}`;
      let m = emit(
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
            startsAt: new Date(clock + 7 * DAY).toISOString(),
            place: 'Актовый зал',
            format: 'IN_PERSON',
            at: at(),
          },
        },
        secretary,
      );
      const items = [id(), id(), id()];
      for (const itemId of items)
        m = emit(
          meetingDecider,
          stream,
          m,
          { type: 'AddAgendaItem', data: { itemId, title: { ru: r.pick(RU), kk: r.pick(KK) }, at: at() } },
          secretary,
        );
      if (body.held.length > 0 && r.chance(0.5)) {
        const covered = body.held.slice(-1).map((mid) => ({
          id: mid,
          bodyId: body.id,
          status: 'MINUTES_APPROVED' as const,
          startsAt: new Date(clock - 60 * DAY).toISOString(),
          agendaItemIds: [],
        }));
        m = emit(
          meetingDecider,
          stream,
          m,
          {
            type: 'AddReportBackItem',
            data: {
              itemId: id(),
              title: { ru: 'О выполнении рекомендаций' },
              coveredMeetings: covered,
              asOfPosition: String(written),
              at: at(),
            },
          },
          secretary,
        );
      }
      m = emit(
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
          },
        },
        secretary,
      );
      for (const itemId of items)
        m = emit(
          meetingDecider,
          stream,
          m,
          { type: 'DiscussAgendaItem', data: { itemId, minutes: { ru: 'Обсудили, приняли рекомендации' }, at: at() } },
          secretary,
        );
      const fact = meetingFact(m, meetingId);
      for (let k = 0; k < recsPerMeeting && written < options.events; k++) {
        const recommendationId = id();
        recommendations++;
        const text = r.chance(0.5) ? { ru: `${r.pick(RU)} (${k + 1})` } : { kk: `${r.pick(KK)} (${k + 1})`, ru: r.pick(RU) };
        const state = emit(
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
        open.set(recommendationId, { state, units: districtsOf.get(body.host)!, secretary });
      }
      m = emit(meetingDecider, stream, m, { type: 'ApproveMinutes', data: { at: at() } }, secretary);
      m = emit(meetingDecider, stream, m, { type: 'PublishMeeting', data: { at: at() } }, secretary);
      body.held.push(meetingId);
    }
    for (const [recommendationId, rec] of open) {
      if (written >= options.events) break;
      if (!r.chance(0.45)) continue;
      const command = nextStep(rec.state, rec.units, r, at());
      if (!command) {
        open.delete(recommendationId);
        continue;
      }
      const actor = command.type.match(/Accept|Dispute|ReportProgress|RequestDeadline|ReportImplementation/)
        ? `unit:${rec.state.leadUnitId}`
        : rec.secretary;
      rec.state = emit(recommendationDecider, `recommendation-${recommendationId}`, rec.state, command, actor);
    }
  }
  flush();
  return {
    events: written,
    recommendations,
    meetings,
    units,
    bodies: bodies.map((b) => b.id),
    startedAt: Date.parse('2016-01-04T09:00:00Z'),
    endedAt: clock,
  };
}

function nextStep(s: RecommendationState, units: string[], r: ReturnType<typeof rng>, at: string): RecommendationCommand | null {
  const lead = s.leadUnitId!;
  const hash = createHash('sha256').update(at).digest('hex');
  const plusDays = (days: number) => new Date(Date.parse(at) + days * DAY).toISOString().slice(0, 10);
  if (s.pendingExtension) return { type: 'DecideDeadlineExtension', data: { approve: r.chance(0.7), reason: 'Решение совета', at } };
  switch (s.status) {
    case 'ADOPTED':
    case 'DISPUTED': {
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
      return r.chance(0.9)
        ? { type: 'AcceptRecommendation', data: { unitId: lead, at } }
        : { type: 'DisputeRecommendation', data: { unitId: lead, justification: 'Не относится к компетенции', at } };
    case 'ACCEPTED':
    case 'IN_PROGRESS':
      if (s.percent >= 60 && r.chance(0.4))
        return {
          type: 'ReportImplementation',
          data: { unitId: lead, by: `officer-${lead}`, summary: 'Выполнено', evidence: [{ name: 'акт.pdf', sha256: hash, uri: null }], at },
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
          evidence: r.chance(0.3) ? [{ name: 'фото.jpg', sha256: hash, uri: null }] : [],
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
