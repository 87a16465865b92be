import { RecommendationEvent } from '@gov/domain';
import { PlannedNotification, Tracked, TrackedRecommendation, latestOccurrence, plan, trackMeeting, trackRecommendation } from './rules';

const rec = '00000000-0000-4000-8000-000000000001';
const body = '00000000-0000-4000-8000-000000000002';
const lead = '00000000-0000-4000-8000-000000000003';
const co = '00000000-0000-4000-8000-000000000004';
const meeting = '00000000-0000-4000-8000-000000000005';
const c = { recommendationId: rec };

const adopted: RecommendationEvent = {
  type: 'RecommendationAdopted',
  data: {
    ...c,
    bodyId: body,
    meetingId: meeting,
    agendaItemId: meeting,
    number: '1/2026-1',
    text: { ru: 'Улучшить работу' },
    origin: 'BODY',
    priority: 'NORMAL',
    adoptedAt: '2026-03-01T10:00:00.000Z',
  },
};
const assigned = (at: string, dueDate: string): RecommendationEvent => ({
  type: 'ResponsibilityAssigned',
  data: { ...c, at, leadUnitId: lead, coExecutorUnitIds: [co], dueDate, originalDueDate: dueDate },
});

function history(...events: RecommendationEvent[]): TrackedRecommendation {
  return events.reduce<TrackedRecommendation | undefined>((t, e) => trackRecommendation(t, e), undefined)!;
}
const brief = (planned: PlannedNotification[]) =>
  planned
    .map(
      (p) =>
        `${p.rule} ${p.recipient.split(':')[0]}:${p.recipient.endsWith(lead) ? 'lead' : p.recipient.endsWith(co) ? 'co' : 'body'} ${p.dueAt}`,
    )
    .sort();

describe('what is due for a recommendation', () => {
  it('tells the lead unit and co-executors it is theirs, due in 7 days, due tomorrow, overdue; the secretary after 14 days overdue', () => {
    expect(brief(plan(history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30'))))).toEqual(
      [
        'ASSIGNED unit:lead 2026-03-02T09:00:00.000Z',
        'ASSIGNED unit:co 2026-03-02T09:00:00.000Z',
        'DUE_SOON unit:lead 2026-04-23T00:00:00.000Z',
        'DUE_SOON unit:co 2026-04-23T00:00:00.000Z',
        'DUE_TOMORROW unit:lead 2026-04-29T00:00:00.000Z',
        'DUE_TOMORROW unit:co 2026-04-29T00:00:00.000Z',
        'OVERDUE unit:lead 2026-05-01T00:00:00.000Z',
        'OVERDUE unit:co 2026-05-01T00:00:00.000Z',
        'OVERDUE_ESCALATION body:body 2026-05-15T00:00:00.000Z',
      ].sort(),
    );
  });

  it("follows a deployment's own numbers: due in 10 days, overdue every 3 days, escalation after 30", () => {
    const rules = { dueSoonDays: 10, overdueRepeatDays: 3, escalationDays: 30, verificationReminderDays: [2], minutesApprovalDays: 14 };
    const t = history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30'));
    expect(brief(plan(t, rules)).filter((r) => r.includes('unit:lead') || r.includes('body'))).toEqual(
      [
        'ASSIGNED unit:lead 2026-03-02T09:00:00.000Z',
        'DUE_SOON unit:lead 2026-04-20T00:00:00.000Z',
        'DUE_TOMORROW unit:lead 2026-04-29T00:00:00.000Z',
        'OVERDUE unit:lead 2026-05-01T00:00:00.000Z',
        'OVERDUE_ESCALATION body:body 2026-05-31T00:00:00.000Z',
      ].sort(),
    );
    expect(brief(plan({ ...t, lastOverdue: '2026-05-01T00:00:00.000Z' }, rules))).toContain('OVERDUE unit:lead 2026-05-04T00:00:00.000Z');
  });

  it('skips "due in 7 days" for an assignment made later than that', () => {
    const rules = brief(plan(history(adopted, assigned('2026-04-25T09:00:00.000Z', '2026-04-30'))));
    expect(rules.filter((r) => r.startsWith('DUE_SOON'))).toEqual([]);
    expect(rules.filter((r) => r.startsWith('DUE_TOMORROW'))).toHaveLength(2);
  });

  it('repeats the overdue reminder weekly from the last one recorded', () => {
    const t = { ...history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30')), lastOverdue: '2026-05-08T00:00:00.000Z' };
    expect(brief(plan(t)).filter((r) => r.startsWith('OVERDUE unit:lead'))).toEqual(['OVERDUE unit:lead 2026-05-15T00:00:00.000Z']);
    expect(latestOccurrence('2026-05-01T00:00:00.000Z', Date.parse('2026-05-20T12:00:00Z'), 7)).toBe('2026-05-15T00:00:00.000Z');
    expect(latestOccurrence('2026-05-01T00:00:00.000Z', Date.parse('2026-04-20T12:00:00Z'), 7)).toBe('2026-05-01T00:00:00.000Z');
  });

  it('an extension moves every due reminder to the new date and tells the units it was granted', () => {
    const t = history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30'), {
      type: 'DeadlineExtensionRequested',
      data: { ...c, at: '2026-04-20T09:00:00.000Z', unitId: lead, requestedDueDate: '2026-06-30', reason: 'x' },
    });
    expect(brief(plan(t))).toContain('EXTENSION_REQUESTED body:body 2026-04-20T09:00:00.000Z');
    const extended = trackRecommendation(t, {
      type: 'DeadlineExtended',
      data: { ...c, at: '2026-04-21T09:00:00.000Z', dueDate: '2026-06-30', previousDueDate: '2026-04-30', reason: null },
    });
    const after = brief(plan(extended));
    expect(after).toContain('EXTENSION_GRANTED unit:lead 2026-04-21T09:00:00.000Z');
    expect(after).toContain('OVERDUE unit:lead 2026-07-01T00:00:00.000Z');
    expect(after.some((r) => r.includes('2026-05-01'))).toBe(false);
    expect(after.some((r) => r.startsWith('EXTENSION_REQUESTED'))).toBe(false);
  });

  it('a refused extension keeps the due date and tells the units', () => {
    const t = history(
      adopted,
      assigned('2026-03-02T09:00:00.000Z', '2026-04-30'),
      {
        type: 'DeadlineExtensionRequested',
        data: { ...c, at: '2026-04-20T09:00:00.000Z', unitId: lead, requestedDueDate: '2026-06-30', reason: 'x' },
      },
      { type: 'DeadlineExtensionRefused', data: { ...c, at: '2026-04-21T09:00:00.000Z', requestedDueDate: '2026-06-30', reason: 'no' } },
    );
    expect(brief(plan(t))).toEqual(
      expect.arrayContaining(['EXTENSION_REFUSED unit:co 2026-04-21T09:00:00.000Z', 'OVERDUE unit:lead 2026-05-01T00:00:00.000Z']),
    );
  });

  it('a dispute goes to the secretary; an implementation report waits for verification, again after 3 and 7 days', () => {
    const base = [adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30')];
    expect(
      brief(
        plan(
          history(...base, {
            type: 'RecommendationDisputed',
            data: { ...c, at: '2026-03-03T09:00:00.000Z', unitId: lead, justification: 'x' },
          }),
        ),
      ),
    ).toContain('DISPUTED body:body 2026-03-03T09:00:00.000Z');
    const reported = history(...base, {
      type: 'ImplementationReported',
      data: { ...c, at: '2026-04-01T09:00:00.000Z', unitId: lead, reportedBy: 'u', summary: 'done', evidence: [] },
    });
    expect(brief(plan(reported)).filter((r) => r.startsWith('VERIFICATION_WAITING'))).toEqual([
      'VERIFICATION_WAITING body:body 2026-04-01T09:00:00.000Z',
      'VERIFICATION_WAITING body:body 2026-04-04T09:00:00.000Z',
      'VERIFICATION_WAITING body:body 2026-04-08T09:00:00.000Z',
    ]);
    const returned = trackRecommendation(reported, {
      type: 'ImplementationReturned',
      data: { ...c, at: '2026-04-02T09:00:00.000Z', returnedBy: 's', reason: 'no proof' },
    });
    const after = brief(plan(returned));
    expect(after).toContain('RETURNED unit:lead 2026-04-02T09:00:00.000Z');
    expect(after.some((r) => r.startsWith('VERIFICATION_WAITING'))).toBe(false);
    expect(after).toContain('OVERDUE unit:lead 2026-05-01T00:00:00.000Z');
  });

  it('a withdrawal or closing cancels everything; a reopened one starts again with new ids', () => {
    const open = history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30'));
    const withdrawn = trackRecommendation(open, {
      type: 'RecommendationWithdrawn',
      data: { ...c, at: '2026-03-05T09:00:00.000Z', reason: 'moot' },
    });
    expect(plan(withdrawn)).toEqual([]);
    const reopened = trackRecommendation(withdrawn, {
      type: 'RecommendationReopened',
      data: { ...c, at: '2026-03-06T09:00:00.000Z', reason: 'again', status: 'ASSIGNED' },
    });
    const again = plan(reopened);
    expect(brief(again)).toContain('ASSIGNED unit:lead 2026-03-06T09:00:00.000Z');
    const firstOverdue = plan(open).find((p) => p.rule === 'OVERDUE' && p.recipient === `unit:${lead}`)!;
    const secondOverdue = again.find((p) => p.rule === 'OVERDUE' && p.recipient === `unit:${lead}`)!;
    expect(secondOverdue.dueAt).toBe(firstOverdue.dueAt);
    expect(secondOverdue.id).not.toBe(firstOverdue.id);
  });

  it('a quick re-report after a return keeps the return told: rules plan from the facts, not only the status', () => {
    const returned = history(
      adopted,
      assigned('2026-03-02T09:00:00.000Z', '2026-04-30'),
      {
        type: 'ImplementationReported',
        data: { ...c, at: '2026-04-01T09:00:00.000Z', unitId: lead, reportedBy: 'u', summary: 'done', evidence: [] },
      },
      { type: 'ImplementationReturned', data: { ...c, at: '2026-04-02T09:00:00.000Z', returnedBy: 's', reason: 'no proof' } },
      {
        type: 'ImplementationReported',
        data: { ...c, at: '2026-04-02T09:01:00.000Z', unitId: lead, reportedBy: 'u', summary: 'now with proof', evidence: [] },
      },
    );
    expect(returned.state.status).toBe('IMPLEMENTATION_REPORTED');
    expect(brief(plan(returned))).toEqual(
      expect.arrayContaining(['RETURNED unit:lead 2026-04-02T09:00:00.000Z', 'VERIFICATION_WAITING body:body 2026-04-02T09:01:00.000Z']),
    );
    expect(returned.reasons?.returned).toBe('no proof');
  });

  it('a fact recorded late is told when recorded; reminders whose moment had passed then are skipped, overdue still applies', () => {
    // Assigned at a meeting three weeks ago, due a week ago; the secretary records it today.
    const today = '2026-05-08T10:00:00.000Z';
    const late = [adopted, assigned('2026-04-17T09:00:00.000Z', '2026-04-30')].reduce<TrackedRecommendation | undefined>(
      (t, e) => trackRecommendation(t, e, today),
      undefined,
    )!;
    expect(brief(plan(late))).toEqual(
      [
        `ASSIGNED unit:lead ${today}`,
        `ASSIGNED unit:co ${today}`,
        'OVERDUE unit:lead 2026-05-01T00:00:00.000Z',
        'OVERDUE unit:co 2026-05-01T00:00:00.000Z',
        'OVERDUE_ESCALATION body:body 2026-05-15T00:00:00.000Z',
      ].sort(),
    );
    // Recorded after the escalation's moment too: only overdue is left of the time-based ones.
    const later = [adopted, assigned('2026-04-17T09:00:00.000Z', '2026-04-30')].reduce<TrackedRecommendation | undefined>(
      (t, e) => trackRecommendation(t, e, '2026-05-20T00:00:00.000Z'),
      undefined,
    )!;
    expect(brief(plan(later)).filter((r) => !r.startsWith('ASSIGNED'))).toEqual(
      ['OVERDUE unit:lead 2026-05-01T00:00:00.000Z', 'OVERDUE unit:co 2026-05-01T00:00:00.000Z'].sort(),
    );
    // Recorded two days after the due-soon moment: that one is skipped, the rest are ahead.
    const lateish = [adopted, assigned('2026-04-17T09:00:00.000Z', '2026-04-30')].reduce<TrackedRecommendation | undefined>(
      (t, e) => trackRecommendation(t, e, '2026-04-25T00:00:00.000Z'),
      undefined,
    )!;
    const rules = brief(plan(lateish));
    expect(rules.filter((r) => r.startsWith('DUE_SOON'))).toEqual([]);
    expect(rules).toEqual(
      expect.arrayContaining(['DUE_TOMORROW unit:lead 2026-04-29T00:00:00.000Z', 'ASSIGNED unit:lead 2026-04-25T00:00:00.000Z']),
    );
    // A report recorded late: told when recorded, its reminders counted from the report's own date.
    const reported = trackRecommendation(
      late,
      {
        type: 'ImplementationReported',
        data: { ...c, at: '2026-05-01T09:00:00.000Z', unitId: lead, reportedBy: 'u', summary: 'done', evidence: [] },
      },
      '2026-05-06T09:00:00.000Z',
    );
    expect(brief(plan(reported)).filter((r) => r.startsWith('VERIFICATION_WAITING'))).toEqual([
      'VERIFICATION_WAITING body:body 2026-05-06T09:00:00.000Z',
      'VERIFICATION_WAITING body:body 2026-05-08T09:00:00.000Z',
    ]);
  });

  it('gives the same notification the same id every time it is computed', () => {
    const a = plan(history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30'))).map((p) => p.id);
    const b = plan(history(adopted, assigned('2026-03-02T09:00:00.000Z', '2026-04-30'))).map((p) => p.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    expect(a[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('minutes not approved', () => {
  it('reminds the secretary 7 days after the meeting was held, and not once they are approved', () => {
    let m: Tracked | undefined = trackMeeting(undefined, {
      type: 'MeetingScheduled',
      data: {
        meetingId: meeting,
        bodyId: body,
        number: '1/2026',
        kind: 'REGULAR',
        startsAt: '2026-03-01T10:00:00.000Z',
        place: 'x',
        format: 'IN_PERSON',
        scheduledAt: '2026-02-01T10:00:00.000Z',
      },
    } as never);
    expect(plan(m!)).toEqual([]);
    m = trackMeeting(m, {
      type: 'MeetingHeld',
      data: { meetingId: meeting, heldAt: '2026-03-01T10:00:00.000Z', membersPresent: [], membersTotal: 0, guests: [], quorum: true },
    });
    expect(plan(m!).map((p) => `${p.rule} ${p.recipient} ${p.dueAt}`)).toEqual([
      `MINUTES_NOT_APPROVED body:${body} 2026-03-08T10:00:00.000Z`,
    ]);
    m = trackMeeting(m, { type: 'MinutesApproved', data: { meetingId: meeting, approvedAt: '2026-03-05T10:00:00.000Z' } });
    expect(plan(m!)).toEqual([]);
  });

  it("a meeting recorded as held after the reminder's moment calls for no reminder", () => {
    const scheduled = trackMeeting(undefined, {
      type: 'MeetingScheduled',
      data: { meetingId: meeting, bodyId: body, number: '1/2026', startsAt: '2026-03-01T10:00:00.000Z' },
    } as never);
    const held = trackMeeting(
      scheduled,
      {
        type: 'MeetingHeld',
        data: { meetingId: meeting, heldAt: '2026-03-01T10:00:00.000Z', membersPresent: [], membersTotal: 0, guests: [], quorum: true },
      },
      '2026-03-20T10:00:00.000Z',
    );
    expect(plan(held!)).toEqual([]);
  });
});
