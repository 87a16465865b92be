import { deciderSpec, uuid } from '../testing/decider-spec';
import { MeetingEvent, MeetingFact, meetingDecider } from './meeting';

const spec = deciderSpec(meetingDecider);
const at = '2026-01-10T09:00:00.000Z';
const bodyId = uuid(20);
const meetingId = uuid(21);
const item1 = uuid(22);
const item2 = uuid(23);
const m1 = uuid(24);
const m2 = uuid(25);
const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId,
    bodyId,
    number: '1/2026',
    kind: 'REGULAR',
    title: null,
    startsAt: '2026-02-05T10:00:00.000Z',
    place: 'Караганда, ДП',
    format: 'IN_PERSON',
    scheduledAt: at,
  },
};
const added1: MeetingEvent = {
  type: 'AgendaItemAdded',
  data: { meetingId, itemId: item1, title: { kk: 'Өткен жылдың қорытындылары' }, speaker: null, addedAt: at },
};
const added2: MeetingEvent = {
  type: 'AgendaItemAdded',
  data: { meetingId, itemId: item2, title: { ru: 'Противодействие дезинформации' }, speaker: 'Начальник ДП', addedAt: at },
};
const held: MeetingEvent = {
  type: 'MeetingHeld',
  data: { meetingId, heldAt: '2026-02-05T10:00:00.000Z', membersPresent: [m1], membersTotal: 2, guests: [], quorum: false },
};
const approved: MeetingEvent = { type: 'MinutesApproved', data: { meetingId, approvedAt: at } };
const schedule = (over: Record<string, unknown> = {}) => ({
  type: 'ScheduleMeeting' as const,
  data: {
    meetingId,
    bodyId,
    bodyActive: true,
    number: '1/2026',
    kind: 'REGULAR' as const,
    startsAt: '2026-02-05T10:00:00Z',
    place: 'Караганда, ДП',
    format: 'IN_PERSON' as const,
    at,
    ...over,
  },
});
const earlier = (over: Partial<MeetingFact> = {}): MeetingFact => ({
  id: uuid(26),
  bodyId,
  status: 'MINUTES_APPROVED',
  startsAt: '2025-11-01T10:00:00.000Z',
  agendaItemIds: [],
  ...over,
});

describe('meeting', () => {
  it('is scheduled for an active body with a number like 1/2026', () => {
    spec().when(schedule()).then([scheduled]);
    spec()
      .when(schedule({ number: 'first' }))
      .thenFails('VALIDATION_FAILED');
    spec()
      .when(schedule({ bodyActive: false }))
      .thenFails('BODY_NOT_ACTIVE');
    spec()
      .when(schedule({ kind: 'PARTY' }))
      .thenFails('VALIDATION_FAILED');
    spec()
      .when(schedule({ startsAt: 'tomorrow' }))
      .thenFails('VALIDATION_FAILED');
    spec([scheduled]).when(schedule()).thenFails('ALREADY_EXISTS');
  });

  it('is rescheduled or cancelled only while scheduled', () => {
    spec([scheduled])
      .when({ type: 'RescheduleMeeting', data: { startsAt: '2026-02-06T10:00:00Z', at } })
      .then([
        {
          type: 'MeetingRescheduled',
          data: {
            meetingId,
            startsAt: '2026-02-06T10:00:00.000Z',
            place: 'Караганда, ДП',
            previousStartsAt: '2026-02-05T10:00:00.000Z',
            rescheduledAt: at,
          },
        },
      ]);
    spec([scheduled])
      .when({ type: 'CancelMeeting', data: { reason: 'quarantine', at } })
      .then([{ type: 'MeetingCancelled', data: { meetingId, reason: 'quarantine', cancelledAt: at } }]);
    spec([scheduled, held])
      .when({ type: 'CancelMeeting', data: { reason: 'x', at } })
      .thenFails('INVALID_TRANSITION');
    spec()
      .when({ type: 'RescheduleMeeting', data: { startsAt: '2026-02-06T10:00:00Z', at } })
      .thenFails('NOT_FOUND');
  });

  it('has its title changed, before or after it is held and published, with the previous title kept', () => {
    const title = { kk: 'Жедел жұмыс туралы', ru: 'Об оперативной работе' };
    const changed: MeetingEvent = { type: 'MeetingTitleChanged', data: { meetingId, title, previousTitle: null, changedAt: at } };
    spec([scheduled]).when({ type: 'ChangeMeetingTitle', data: { title, at } }).then([changed]);
    const published: MeetingEvent = { type: 'MeetingPublished', data: { meetingId, publishedAt: at } };
    spec([scheduled, changed, held, approved, published])
      .when({ type: 'ChangeMeetingTitle', data: { title: { ru: 'Отчёт перед населением' }, at } })
      .then([
        { type: 'MeetingTitleChanged', data: { meetingId, title: { ru: 'Отчёт перед населением' }, previousTitle: title, changedAt: at } },
      ]);
    spec([scheduled])
      .when({ type: 'ChangeMeetingTitle', data: { title: { ru: '  ' }, at } })
      .thenFails('VALIDATION_FAILED');
    spec([scheduled, { type: 'MeetingCancelled', data: { meetingId, reason: 'x', cancelledAt: at } }])
      .when({ type: 'ChangeMeetingTitle', data: { title, at } })
      .thenFails('INVALID_TRANSITION');
    spec().when({ type: 'ChangeMeetingTitle', data: { title, at } }).thenFails('NOT_FOUND');
  });

  it('builds, trims and reorders the agenda before the meeting', () => {
    spec([scheduled])
      .when({ type: 'AddAgendaItem', data: { itemId: item1, title: { kk: 'Өткен жылдың қорытындылары' }, at } })
      .then([added1]);
    spec([scheduled, added1])
      .when({ type: 'AddAgendaItem', data: { itemId: item1, title: { ru: 'x' }, at } })
      .thenFails('ALREADY_EXISTS');
    spec([scheduled, added1])
      .when({ type: 'RemoveAgendaItem', data: { itemId: item1, at } })
      .then([{ type: 'AgendaItemRemoved', data: { meetingId, itemId: item1, removedAt: at } }]);
    spec([scheduled])
      .when({ type: 'RemoveAgendaItem', data: { itemId: item1, at } })
      .thenFails('AGENDA_ITEM_NOT_FOUND');
    spec([scheduled, added1, added2])
      .when({ type: 'ReorderAgenda', data: { itemIds: [item2, item1], at } })
      .then([{ type: 'AgendaReordered', data: { meetingId, itemIds: [item2, item1], reorderedAt: at } }]);
    spec([scheduled, added1, added2])
      .when({ type: 'ReorderAgenda', data: { itemIds: [item2, item2], at } })
      .thenFails('VALIDATION_FAILED');
    spec([scheduled, added1, held])
      .when({ type: 'AddAgendaItem', data: { itemId: item2, title: { ru: 'x' }, at } })
      .thenFails('INVALID_TRANSITION');
  });

  it('adds a report-back item that covers earlier held meetings of the same body', () => {
    const covered = earlier();
    spec([scheduled])
      .when({
        type: 'AddReportBackItem',
        data: { itemId: item2, title: { ru: 'О выполнении рекомендаций' }, coveredMeetings: [covered], asOfPosition: '42', at },
      })
      .then([
        {
          type: 'ReportBackItemAdded',
          data: {
            meetingId,
            itemId: item2,
            title: { ru: 'О выполнении рекомендаций' },
            coversMeetingIds: [covered.id],
            asOfPosition: '42',
            addedAt: at,
          },
        },
      ]);
    const reject = (m: MeetingFact[], code: string) =>
      spec([scheduled])
        .when({ type: 'AddReportBackItem', data: { itemId: item2, title: { ru: 'x' }, coveredMeetings: m, asOfPosition: '42', at } })
        .thenFails(code);
    reject([], 'REPORT_BACK_INVALID');
    reject([earlier({ bodyId: uuid(99) })], 'REPORT_BACK_INVALID');
    reject([earlier({ status: 'SCHEDULED' })], 'REPORT_BACK_INVALID');
    reject([earlier({ startsAt: '2026-03-01T10:00:00.000Z' })], 'REPORT_BACK_INVALID');
    reject([earlier({ id: meetingId })], 'REPORT_BACK_INVALID');
    reject([earlier({ status: 'NONE' })], 'NOT_FOUND');
  });

  it('is held with members of the body and guests, and knows its quorum', () => {
    const guests = [{ fullName: 'Журналист', organization: 'Polisia.kz', category: 'MEDIA' as const }];
    spec([scheduled])
      .when({
        type: 'RecordMeetingHeld',
        data: {
          heldAt: '2026-02-05T10:00:00Z',
          membersPresent: [m1, m2, m1],
          bodyMemberIds: [m1, m2, uuid(27)],
          guests,
          at,
          recordedAt: '2026-02-05T12:00:00Z',
        },
      })
      .then([
        {
          type: 'MeetingHeld',
          data: { meetingId, heldAt: '2026-02-05T10:00:00.000Z', membersPresent: [m1, m2], membersTotal: 3, guests, quorum: true },
        },
      ]);
    spec([scheduled])
      .when({
        type: 'RecordMeetingHeld',
        data: { heldAt: at, membersPresent: [uuid(98)], bodyMemberIds: [m1], guests: [], at, recordedAt: at },
      })
      .thenFails('MEMBER_NOT_FOUND');
    spec([scheduled])
      .when({
        type: 'RecordMeetingHeld',
        data: {
          heldAt: at,
          membersPresent: [],
          bodyMemberIds: [],
          guests: [{ fullName: 'x', organization: 'y', category: 'ALIEN' as never }],
          at,
          recordedAt: at,
        },
      })
      .thenFails('VALIDATION_FAILED');
    spec([scheduled, held])
      .when({ type: 'RecordMeetingHeld', data: { heldAt: at, membersPresent: [], bodyMemberIds: [], guests: [], at, recordedAt: at } })
      .thenFails('INVALID_TRANSITION');
  });

  it('is not recorded as held before it has begun (beyond a few minutes of clock difference)', () => {
    const record = (heldAt: string) =>
      spec([scheduled]).when({
        type: 'RecordMeetingHeld',
        data: { heldAt, membersPresent: [], bodyMemberIds: [], guests: [], at, recordedAt: at },
      });
    record('2026-01-10T09:04:59.000Z').then([
      {
        type: 'MeetingHeld',
        data: { meetingId, heldAt: '2026-01-10T09:04:59.000Z', membersPresent: [], membersTotal: 0, guests: [], quorum: false },
      },
    ]);
    record('2026-01-10T09:05:01.000Z').thenFails('MEETING_NOT_STARTED');
    record('2026-12-15T10:00:00.000Z').thenFails('MEETING_NOT_STARTED');
  });

  it('takes papers on its agenda items before and after it is held, each file once per item, none on a cancelled meeting', () => {
    const sha256 = 'AB'.repeat(32);
    const paper = { name: 'Проект закона.pdf', sha256, uri: null };
    const attached: MeetingEvent = {
      type: 'AgendaItemPaperAttached',
      data: { meetingId, itemId: item1, paper: { ...paper, sha256: sha256.toLowerCase() }, attachedAt: at },
    };
    spec([scheduled, added1])
      .when({ type: 'AttachAgendaItemPaper', data: { itemId: item1, paper, at } })
      .then([attached]);
    spec([scheduled, added1, held, approved])
      .when({ type: 'AttachAgendaItemPaper', data: { itemId: item1, paper, at } })
      .then([attached]);
    spec([scheduled, added1, attached])
      .when({ type: 'AttachAgendaItemPaper', data: { itemId: item1, paper: { ...paper, name: 'копия.pdf' }, at } })
      .thenFails('ALREADY_EXISTS');
    spec([scheduled, added1])
      .when({ type: 'AttachAgendaItemPaper', data: { itemId: item2, paper, at } })
      .thenFails('AGENDA_ITEM_NOT_FOUND');
    spec([scheduled, added1])
      .when({ type: 'AttachAgendaItemPaper', data: { itemId: item1, paper: { ...paper, sha256: 'not a hash' }, at } })
      .thenFails('VALIDATION_FAILED');
    spec([scheduled, added1, { type: 'MeetingCancelled', data: { meetingId, reason: 'x', cancelledAt: at } }])
      .when({ type: 'AttachAgendaItemPaper', data: { itemId: item1, paper, at } })
      .thenFails('INVALID_TRANSITION');
  });

  it('records minutes per item only after the meeting was held', () => {
    const minutes = { ru: 'Решили усилить работу участковых' };
    spec([scheduled, added1, held])
      .when({ type: 'DiscussAgendaItem', data: { itemId: item1, minutes, at } })
      .then([{ type: 'AgendaItemDiscussed', data: { meetingId, itemId: item1, minutes, discussedAt: at } }]);
    spec([scheduled, added1])
      .when({ type: 'DiscussAgendaItem', data: { itemId: item1, minutes, at } })
      .thenFails('MEETING_NOT_HELD');
    spec([scheduled, added1, held])
      .when({ type: 'DiscussAgendaItem', data: { itemId: item2, minutes, at } })
      .thenFails('AGENDA_ITEM_NOT_FOUND');
    spec([scheduled, added1, held, approved])
      .when({ type: 'DiscussAgendaItem', data: { itemId: item1, minutes, at } })
      .thenFails('MEETING_NOT_HELD');
  });

  it('approves minutes after the meeting and then publishes it once', () => {
    spec([scheduled, held]).when({ type: 'ApproveMinutes', data: { at } }).then([approved]);
    spec([scheduled]).when({ type: 'ApproveMinutes', data: { at } }).thenFails('MEETING_NOT_HELD');
    spec([scheduled, held, approved]).when({ type: 'ApproveMinutes', data: { at } }).thenFails('INVALID_TRANSITION');
    const published: MeetingEvent = { type: 'MeetingPublished', data: { meetingId, publishedAt: at } };
    spec([scheduled, held, approved]).when({ type: 'PublishMeeting', data: { at } }).then([published]);
    spec([scheduled, held]).when({ type: 'PublishMeeting', data: { at } }).thenFails('MINUTES_NOT_APPROVED');
    spec([scheduled, held, approved, published]).when({ type: 'PublishMeeting', data: { at } }).thenFails('INVALID_TRANSITION');
  });
});
