import { Member, MultilingualText } from '@gov/domain';
import { Labels } from './labels';
import { Content, facts, formatDate, formatRate, formatTime, renderPdf, table } from './pdf';
import { AdoptedRecommendation, MinutesData, ReportBackData, Totals, UnitStatusData } from './report-data';
import { MeetingAt } from './state-at';

const memberLine = (m: Member, l: Labels) => `${m.fullName} — ${l.t.role[m.role]}${m.affiliation ? ` (${m.affiliation})` : ''}`;
const unitLabel = (name: MultilingualText | null, unitId: string, l: Labels) => (name ? l.pick(name) : unitId);

function responsibleText(r: AdoptedRecommendation, l: Labels): string {
  return r.responsible.map((u) => `${unitLabel(u.name, u.unitId, l)}${u.lead ? ` (${l.t.label.lead})` : ''}`).join('; ') || '—';
}

function totalsTable(totals: Totals, l: Labels): Content {
  const t = l.t.label;
  return facts([
    [t.total, String(totals.total)],
    [t.open, String(totals.open)],
    [t.overdue, String(totals.overdue)],
    [t.implemented, String(totals.implemented)],
    [t.notImplemented, String(totals.notImplemented)],
    [t.withdrawn, String(totals.withdrawn)],
    [t.implementationRate, formatRate(totals.implementationRate, l)],
  ]);
}

function guestsByCategory(guests: NonNullable<MeetingAt['held']>['guests'], l: Labels): Content[] {
  const categories = [...new Set(guests.map((g) => g.category))];
  return categories.map((c) => ({
    stack: [
      { text: l.t.guestCategory[c], bold: true },
      { ul: guests.filter((g) => g.category === c).map((g) => [g.fullName, g.organization].filter(Boolean).join(', ')) },
    ],
    margin: [0, 2, 0, 2],
  }));
}

function meetingFacts(d: MinutesData | ReportBackData, l: Labels): Content {
  const t = l.t.label;
  const m = d.meeting;
  return facts([
    [t.body, l.pick(d.bodyName)],
    [t.number, m.state.number ?? '—'],
    [t.kind, m.state.kind ? l.t.meetingKind[m.state.kind] : '—'],
    [t.date, formatTime(m.held?.heldAt ?? m.state.startsAt)],
    [t.place, m.state.place ?? '—'],
    [t.format, m.format ? l.t.meetingFormat[m.format] : '—'],
    [t.meetingStatus, m.state.status === 'NONE' ? '—' : l.t.meetingStatus[m.state.status]],
  ]);
}

export function minutesPdf(d: MinutesData, l: Labels): Promise<Buffer> {
  const t = l.t.label;
  const m = d.meeting;
  const attendance: Content[] = m.held
    ? [
        { text: t.present, style: 'h3' },
        d.present.length ? { ul: d.present.map((p) => memberLine(p, l)) } : '—',
        { text: t.absent, style: 'h3' },
        d.absent.length ? { ul: d.absent.map((p) => memberLine(p, l)) } : '—',
        { text: t.guests, style: 'h3' },
        ...(m.held.guests.length ? guestsByCategory(m.held.guests, l) : ['—']),
        {
          text: `${t.quorum}: ${m.held.quorum ? t.quorumYes : t.quorumNo} (${m.held.membersPresent.length}/${m.held.membersTotal})`,
          margin: [0, 6, 0, 0],
        },
      ]
    : [t.notHeld];
  const agenda: Content[] = d.items.flatMap(({ item, recommendations }, i) => [
    { text: `${i + 1}. ${l.pick(item.title)}`, style: 'h3' },
    ...(item.speaker ? [{ text: `${t.speaker}: ${item.speaker}`, style: 'muted' }] : []),
    { text: t.minutes, bold: true, margin: [0, 4, 0, 0] },
    item.minutes ? l.pick(item.minutes) : { text: t.noMinutes, style: 'muted' },
    { text: t.adopted, bold: true, margin: [0, 4, 0, 0] },
    recommendations.length
      ? table(
          [t.number, t.text, t.priority, t.responsible, t.dueDate],
          recommendations.map((r) => [
            r.view.number,
            l.pick(r.view.text),
            l.t.priority[r.view.priority],
            responsibleText(r, l),
            formatDate(r.view.dueDate),
          ]),
          ['auto', '*', 'auto', 120, 'auto'],
        )
      : { text: t.noRecommendations, style: 'muted' },
  ]);
  const title = `${l.t.title.minutes} ${m.state.number ?? ''}`.trim();
  return renderPdf({
    title,
    subject: l.pick(d.bodyName),
    point: d.point,
    labels: l,
    content: [
      meetingFacts(d, l),
      ...(m.title ? [{ text: l.pick(m.title), bold: true, margin: [0, 0, 0, 6] }] : []),
      { text: t.attendance, style: 'h2' },
      ...attendance,
      { text: t.agenda, style: 'h2' },
      ...agenda,
      facts([
        [t.approvedAt, m.approvedAt ? formatTime(m.approvedAt) : t.notYet],
        [t.publishedAt, m.publishedAt ? formatTime(m.publishedAt) : t.notYet],
      ]),
    ],
  });
}

export function reportBackPdf(d: ReportBackData, l: Labels): Promise<Buffer> {
  const t = l.t.label;
  const content: Content[] = [meetingFacts(d, l)];
  for (const s of d.sections) {
    content.push(
      { text: `${t.reportBackItem}: ${l.pick(s.item.title)}`, style: 'h2' },
      { text: `${t.frozenAt}: ${s.frozen.position} (${formatTime(s.frozen.at)})`, style: 'muted' },
    );
    for (const g of s.groups) {
      content.push({ text: `${t.meeting} ${g.meetingNumber ?? g.meetingId} — ${formatDate(g.meetingDate)}`, style: 'h2' });
      for (const u of g.units) {
        content.push({ text: u.unitId ? unitLabel(u.name, u.unitId, l) : t.noUnit, style: 'h3' });
        content.push(
          table(
            [t.number, t.text, t.status, t.progress, t.evidence, t.adoptedAt, t.dueDate, t.closedAt, t.daysOverdue],
            u.recommendations.map((r) => [
              r.state.number ?? '',
              l.pick(r.state.text),
              l.t.status[r.state.status as keyof Labels['t']['status']] ?? r.state.status,
              `${r.state.percent} %`,
              r.evidence.join('\n') || '—',
              formatDate(r.state.adoptedAt),
              formatDate(r.state.dueDate),
              formatDate(r.state.closedAt),
              r.overdue ? { text: String(r.daysOverdue), style: 'overdue' } : '0',
            ]),
            ['auto', '*', 'auto', 'auto', 100, 'auto', 'auto', 'auto', 'auto'],
          ),
        );
      }
      if (g.units.length === 0) content.push({ text: t.noRecommendations, style: 'muted' });
    }
    content.push({ text: t.totals, style: 'h2' }, totalsTable(s.totals, l));
  }
  return renderPdf({ title: l.t.title.reportBack, subject: l.pick(d.bodyName), point: d.point, labels: l, content, landscape: true });
}

export function unitStatusPdf(d: UnitStatusData, l: Labels): Promise<Buffer> {
  const t = l.t.label;
  const rows = (list: AdoptedRecommendation[]) =>
    table(
      [t.number, t.text, t.status, t.progress, t.adoptedAt, t.dueDate, t.closedAt, t.daysOverdue],
      list.map((r) => [
        r.view.number,
        l.pick(r.view.text),
        l.t.status[r.view.status],
        `${r.view.percent} %`,
        formatDate(r.view.adoptedAt),
        formatDate(r.view.dueDate),
        formatDate(r.view.closedAt),
        r.view.overdue ? { text: `${r.view.daysOverdue} — ${t.overdueMark}`, style: 'overdue' } : '0',
      ]),
      ['auto', '*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
    );
  const name = unitLabel(d.unitName, d.unitId, l);
  return renderPdf({
    title: `${l.t.title.unitStatus}: ${name}`,
    subject: name,
    point: d.point,
    labels: l,
    landscape: true,
    content: [
      { text: t.totals, style: 'h2' },
      totalsTable(d.totals, l),
      { text: t.openSection, style: 'h2' },
      d.open.length ? rows(d.open) : { text: t.noRecommendations, style: 'muted' },
      { text: t.closedSection, style: 'h2' },
      d.closed.length ? rows(d.closed) : { text: t.noRecommendations, style: 'muted' },
    ],
  });
}
