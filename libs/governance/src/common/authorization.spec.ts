import { COMMAND_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import { randomUUID } from 'node:crypto';
import { streamIds } from '@gov/domain';
import {
  AcceptRecommendationCommand,
  AddAgendaItemCommand,
  AddReportBackItemCommand,
  AdoptRecommendationCommand,
  AppointMemberCommand,
  ApproveMinutesCommand,
  AssignResponsibilityCommand,
  AttachAgendaItemPaperCommand,
  CancelMeetingCommand,
  ChangeMemberRoleCommand,
  CloseRecommendationNotImplementedCommand,
  CommandResult,
  DeactivateUnitCommand,
  DecideDeadlineExtensionCommand,
  DiscussAgendaItemCommand,
  DisputeRecommendationCommand,
  DissolveBodyCommand,
  EstablishBodyCommand,
  PublishMeetingCommand,
  RecordMeetingHeldCommand,
  RegisterUnitCommand,
  RemoveAgendaItemCommand,
  RemoveMemberCommand,
  RenameUnitCommand,
  ReopenRecommendationCommand,
  ReorderAgendaCommand,
  ReportImplementationCommand,
  ReportProgressCommand,
  RequestDeadlineExtensionCommand,
  RescheduleMeetingCommand,
  ReturnImplementationCommand,
  ScheduleMeetingCommand,
  SetBodyContactsCommand,
  SetUnitContactsCommand,
  VerifyImplementationCommand,
  WithdrawRecommendationCommand,
} from '../index';
import { GovernanceModule } from '../governance.module';
import { writeSideSpec } from '../testing/write-side-spec';
import { Actor } from './actor';
import {
  actor,
  hostUnit,
  leadUnit,
  coUnit,
  strangerUnit,
  Target,
  CALLERS,
  Rule,
  ADMIN_ONLY,
  ADMIN_ONLY_FOR_A_UNIT,
  ADMIN_OR_SECRETARY,
  SECRETARY,
  RESPONSIBLE_UNIT,
} from '../testing/authorization-table';

/**
 * Who may send each command, and what everyone else is told: one table over the real handlers on the
 * command bus, with an event store in memory. Each row starts from a fresh aggregate in the state the
 * command needs, so an allowed caller's command goes through (and the event records the role relied
 * on) and a refused one is refused for who they are, writing nothing.
 */

/** Commands whose use-case specs already say who may send them (recommendation-use-cases, meeting-use-cases). */
const ELSEWHERE = ['AcceptRecommendation', 'AddComment', 'ChangeMeetingTitle', 'RegisterUnit', 'ScheduleMeeting', 'WithdrawRecommendation'];

const PAPER = { name: 'проект.pdf', sha256: 'a'.repeat(64) };

describe('who may send each command', () => {
  let spec: Awaited<ReturnType<typeof writeSideSpec>>;
  const admin = CALLERS.admin[1]();
  const secretaryOf = (bodyId: string) => actor('secretary', `secretary:${bodyId}`);
  const lead = CALLERS.lead[1]();

  beforeAll(async () => {
    spec = await writeSideSpec();
    spec.uploaded.add(PAPER.sha256);
    for (const unitId of [hostUnit, leadUnit, coUnit, strangerUnit])
      await spec.when(RegisterUnitCommand, { unitId, name: { ru: 'Отдел полиции' }, kind: 'DISTRICT_DEPARTMENT' }, admin);
  });
  afterAll(() => spec.close());

  // The states the commands need, each reached through the commands themselves.
  async function body(): Promise<Target> {
    const bodyId = randomUUID();
    const memberId = randomUUID();
    const name = { ru: 'Общественный совет' };
    await spec.when(EstablishBodyCommand, { bodyId, name, kind: 'PUBLIC_COUNCIL', hostUnitId: hostUnit, region: 'Караганда' }, admin);
    await spec.when(AppointMemberCommand, { bodyId, memberId, fullName: 'Айгуль Ш.', role: 'CHAIR' }, admin);
    return { streamId: streamIds.body(bodyId), bodyId, memberId };
  }
  async function unit(): Promise<Target> {
    const unitId = randomUUID();
    await spec.when(RegisterUnitCommand, { unitId, name: { ru: 'Отдел' }, kind: 'SERVICE' }, admin);
    return { streamId: streamIds.unit(unitId), bodyId: '', unitId };
  }
  /** A meeting scheduled with two items on its agenda. */
  async function scheduled(on?: Target, startsAt = '2026-03-01T10:00:00Z'): Promise<Target> {
    const { bodyId, memberId } = on ?? (await body());
    const meetingId = randomUUID();
    const secretary = secretaryOf(bodyId);
    const meeting = { meetingId, bodyId, number: '1/2026', kind: 'REGULAR' as const, place: 'Караганда', format: 'IN_PERSON' as const };
    await spec.when(ScheduleMeetingCommand, { ...meeting, startsAt: new Date(startsAt) }, secretary);
    const itemIds = [randomUUID(), randomUUID()];
    for (const itemId of itemIds) await spec.when(AddAgendaItemCommand, { meetingId, itemId, title: { ru: 'Вопрос' } }, secretary);
    return { streamId: streamIds.meeting(meetingId), bodyId, memberId, meetingId, itemIds };
  }
  async function held(on?: Target, startsAt?: string): Promise<Target> {
    const t = await scheduled(on, startsAt);
    const payload = {
      meetingId: t.meetingId!,
      heldAt: new Date(startsAt ?? '2026-03-01T10:00:00Z'),
      membersPresent: [t.memberId!],
      guests: [],
    };
    await spec.when(RecordMeetingHeldCommand, payload, secretaryOf(t.bodyId));
    return t;
  }
  /** A meeting scheduled after an earlier one of the same body that was held. */
  async function afterAHeldOne(): Promise<Target> {
    const earlier = await held();
    return { ...(await scheduled(earlier, '2026-04-01T10:00:00Z')), earlierMeetingId: earlier.meetingId };
  }
  async function approved(): Promise<Target> {
    const t = await held();
    await spec.when(ApproveMinutesCommand, { meetingId: t.meetingId! }, secretaryOf(t.bodyId));
    return t;
  }
  async function adopted(): Promise<Target> {
    const meeting = await held();
    const recommendationId = randomUUID();
    const payload = {
      recommendationId,
      meetingId: meeting.meetingId!,
      agendaItemId: meeting.itemIds![0]!,
      number: '1',
      text: { ru: 'Улучшить работу участковых' },
      origin: 'BODY' as const,
      priority: 'NORMAL' as const,
    };
    await spec.when(AdoptRecommendationCommand, payload, secretaryOf(meeting.bodyId));
    return { streamId: streamIds.recommendation(recommendationId), bodyId: meeting.bodyId, recommendationId };
  }
  async function assigned(): Promise<Target> {
    const t = await adopted();
    const payload = { recommendationId: t.recommendationId!, leadUnitId: leadUnit, coExecutorUnitIds: [coUnit], dueDate: '2026-06-30' };
    await spec.when(AssignResponsibilityCommand, payload, secretaryOf(t.bodyId));
    return t;
  }
  async function accepted(): Promise<Target> {
    const t = await assigned();
    await spec.when(AcceptRecommendationCommand, { recommendationId: t.recommendationId! }, lead);
    return t;
  }
  async function extensionAsked(): Promise<Target> {
    const t = await accepted();
    await spec.when(
      RequestDeadlineExtensionCommand,
      { recommendationId: t.recommendationId!, requestedDueDate: '2026-09-30', reason: 'Нужен бюджет' },
      lead,
    );
    return t;
  }
  async function implementationReported(): Promise<Target> {
    const t = await accepted();
    await spec.when(ReportImplementationCommand, { recommendationId: t.recommendationId!, summary: 'Сделано', evidence: [] }, lead);
    return t;
  }
  async function withdrawn(): Promise<Target> {
    const t = await assigned();
    await spec.when(WithdrawRecommendationCommand, { recommendationId: t.recommendationId!, reason: 'Снята' }, secretaryOf(t.bodyId));
    return t;
  }
  async function newBody(): Promise<Target> {
    const bodyId = randomUUID();
    return { streamId: streamIds.body(bodyId), bodyId };
  }

  const cases: Array<[command: string, given: () => Promise<Target>, send: (t: Target, who: Actor) => Promise<CommandResult>, Rule]> = [
    [
      'EstablishBody',
      newBody,
      (t, who) =>
        spec.when(
          EstablishBodyCommand,
          { bodyId: t.bodyId, name: { ru: 'Совет' }, kind: 'CONSULTATIVE_ADVISORY', hostUnitId: hostUnit, region: 'Темиртау' },
          who,
        ),
      ADMIN_ONLY,
    ],
    ['DissolveBody', body, (t, who) => spec.when(DissolveBodyCommand, { bodyId: t.bodyId, reason: 'Упразднён' }, who), ADMIN_ONLY],
    [
      'AppointMember',
      body,
      (t, who) => spec.when(AppointMemberCommand, { bodyId: t.bodyId, fullName: 'Ерлан К.', role: 'MEMBER' }, who),
      ADMIN_OR_SECRETARY,
    ],
    [
      'ChangeMemberRole',
      body,
      (t, who) => spec.when(ChangeMemberRoleCommand, { bodyId: t.bodyId, memberId: t.memberId!, role: 'DEPUTY_CHAIR' }, who),
      ADMIN_OR_SECRETARY,
    ],
    [
      'RemoveMember',
      body,
      (t, who) => spec.when(RemoveMemberCommand, { bodyId: t.bodyId, memberId: t.memberId! }, who),
      ADMIN_OR_SECRETARY,
    ],
    [
      'SetBodyContacts',
      body,
      (t, who) => spec.when(SetBodyContactsCommand, { bodyId: t.bodyId, emails: ['kso@police.kz'], language: 'kk' }, who),
      ADMIN_OR_SECRETARY,
    ],
    [
      'RenameUnit',
      unit,
      (t, who) => spec.when(RenameUnitCommand, { unitId: t.unitId!, name: { ru: 'Служба' } }, who),
      ADMIN_ONLY_FOR_A_UNIT,
    ],
    [
      'DeactivateUnit',
      unit,
      (t, who) => spec.when(DeactivateUnitCommand, { unitId: t.unitId!, reason: 'Реорганизация' }, who),
      ADMIN_ONLY_FOR_A_UNIT,
    ],
    [
      'SetUnitContacts',
      unit,
      (t, who) => spec.when(SetUnitContactsCommand, { unitId: t.unitId!, emails: ['op@police.kz'], language: 'ru' }, who),
      ADMIN_ONLY_FOR_A_UNIT,
    ],
    [
      'RescheduleMeeting',
      scheduled,
      (t, who) => spec.when(RescheduleMeetingCommand, { meetingId: t.meetingId!, startsAt: new Date('2026-03-02T10:00:00Z') }, who),
      SECRETARY,
    ],
    [
      'CancelMeeting',
      scheduled,
      (t, who) => spec.when(CancelMeetingCommand, { meetingId: t.meetingId!, reason: 'Нет кворума' }, who),
      SECRETARY,
    ],
    [
      'AddAgendaItem',
      scheduled,
      (t, who) => spec.when(AddAgendaItemCommand, { meetingId: t.meetingId!, title: { ru: 'Разное' } }, who),
      SECRETARY,
    ],
    [
      'RemoveAgendaItem',
      scheduled,
      (t, who) => spec.when(RemoveAgendaItemCommand, { meetingId: t.meetingId!, itemId: t.itemIds![0]! }, who),
      SECRETARY,
    ],
    [
      'ReorderAgenda',
      scheduled,
      (t, who) => spec.when(ReorderAgendaCommand, { meetingId: t.meetingId!, itemIds: [...t.itemIds!].reverse() }, who),
      SECRETARY,
    ],
    [
      'AttachAgendaItemPaper',
      scheduled,
      (t, who) => spec.when(AttachAgendaItemPaperCommand, { meetingId: t.meetingId!, agendaItemId: t.itemIds![0]!, file: PAPER }, who),
      SECRETARY,
    ],
    [
      'AddReportBackItem',
      afterAHeldOne,
      (t, who) =>
        spec.when(
          AddReportBackItemCommand,
          { meetingId: t.meetingId!, title: { ru: 'Отчёт об исполнении' }, coversMeetingIds: [t.earlierMeetingId!] },
          who,
        ),
      SECRETARY,
    ],
    [
      'RecordMeetingHeld',
      scheduled,
      (t, who) =>
        spec.when(
          RecordMeetingHeldCommand,
          { meetingId: t.meetingId!, heldAt: new Date('2026-03-01T10:00:00Z'), membersPresent: [t.memberId!], guests: [] },
          who,
        ),
      SECRETARY,
    ],
    [
      'DiscussAgendaItem',
      held,
      (t, who) =>
        spec.when(DiscussAgendaItemCommand, { meetingId: t.meetingId!, itemId: t.itemIds![0]!, minutes: { ru: 'Обсудили' } }, who),
      SECRETARY,
    ],
    ['ApproveMinutes', held, (t, who) => spec.when(ApproveMinutesCommand, { meetingId: t.meetingId! }, who), SECRETARY],
    ['PublishMeeting', approved, (t, who) => spec.when(PublishMeetingCommand, { meetingId: t.meetingId! }, who), SECRETARY],
    [
      'AdoptRecommendation',
      async () => {
        const recommendationId = randomUUID();
        return { ...(await held()), recommendationId, streamId: streamIds.recommendation(recommendationId) };
      },
      (t, who) => {
        const payload = {
          recommendationId: t.recommendationId!,
          meetingId: t.meetingId!,
          agendaItemId: t.itemIds![0]!,
          number: '2',
          text: { ru: 'Открыть пункт полиции' },
          origin: 'CITIZEN_PROPOSAL' as const,
          priority: 'HIGH' as const,
        };
        return spec.when(AdoptRecommendationCommand, payload, who);
      },
      SECRETARY,
    ],
    [
      'AssignResponsibility',
      adopted,
      (t, who) =>
        spec.when(
          AssignResponsibilityCommand,
          { recommendationId: t.recommendationId!, leadUnitId: leadUnit, coExecutorUnitIds: [], dueDate: '2026-05-31' },
          who,
        ),
      SECRETARY,
    ],
    [
      'DisputeRecommendation',
      assigned,
      (t, who) => spec.when(DisputeRecommendationCommand, { recommendationId: t.recommendationId!, justification: 'Не наша зона' }, who),
      RESPONSIBLE_UNIT,
    ],
    [
      'RequestDeadlineExtension',
      assigned,
      (t, who) =>
        spec.when(
          RequestDeadlineExtensionCommand,
          { recommendationId: t.recommendationId!, requestedDueDate: '2026-08-31', reason: 'Закупка' },
          who,
        ),
      RESPONSIBLE_UNIT,
    ],
    [
      'ReportProgress',
      accepted,
      (t, who) => spec.when(ReportProgressCommand, { recommendationId: t.recommendationId!, percent: 40, note: 'Идёт', evidence: [] }, who),
      RESPONSIBLE_UNIT,
    ],
    [
      'ReportImplementation',
      accepted,
      (t, who) => spec.when(ReportImplementationCommand, { recommendationId: t.recommendationId!, summary: 'Сделано', evidence: [] }, who),
      RESPONSIBLE_UNIT,
    ],
    [
      'DecideDeadlineExtension',
      extensionAsked,
      (t, who) => spec.when(DecideDeadlineExtensionCommand, { recommendationId: t.recommendationId!, approve: true }, who),
      SECRETARY,
    ],
    [
      'VerifyImplementation',
      implementationReported,
      (t, who) => spec.when(VerifyImplementationCommand, { recommendationId: t.recommendationId! }, who),
      SECRETARY,
    ],
    [
      'ReturnImplementation',
      implementationReported,
      (t, who) => spec.when(ReturnImplementationCommand, { recommendationId: t.recommendationId!, reason: 'Нет акта' }, who),
      SECRETARY,
    ],
    [
      'CloseRecommendationNotImplemented',
      assigned,
      (t, who) => spec.when(CloseRecommendationNotImplementedCommand, { recommendationId: t.recommendationId!, reason: 'Срок истёк' }, who),
      SECRETARY,
    ],
    [
      'ReopenRecommendation',
      withdrawn,
      (t, who) => spec.when(ReopenRecommendationCommand, { recommendationId: t.recommendationId!, reason: 'Вновь актуальна' }, who),
      SECRETARY,
    ],
  ];

  it('leaves out no command the write side handles', () => {
    const handlers = Reflect.getMetadata('providers', GovernanceModule) as object[];
    const handled = handlers.flatMap((h) => {
      const command = Reflect.getMetadata(COMMAND_HANDLER_METADATA, h) as { name: string } | undefined;
      return command ? [command.name.replace(/Command$/, '')] : [];
    });
    expect([...cases.map(([command]) => command), ...ELSEWHERE].sort()).toEqual(handled.sort());
  });

  describe.each(cases)('%s', (_command, given, send, rule) => {
    it.each(rule.map(([caller, outcome]) => [CALLERS[caller][0], outcome, caller] as const))('%s: %s', async (_who, outcome, caller) => {
      const target = await given();
      const [, as, roleOf] = CALLERS[caller];
      const who = as(target);
      const written = (await spec.stream(target.streamId)).length;
      const attempt = send(target, who);
      if (outcome === 'ALLOWED') {
        await attempt;
        const last = (await spec.stream(target.streamId)).at(-1);
        expect(last?.metadata).toMatchObject({ actor: { sub: who.sub, role: roleOf(target) } });
      } else {
        await expect(attempt).rejects.toMatchObject({ code: outcome });
        expect(await spec.stream(target.streamId)).toHaveLength(written);
      }
    });
  });
});
