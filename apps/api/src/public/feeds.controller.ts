import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { Feed } from 'feed';
import ical, { ICalEventStatus } from 'ical-generator';
import { isUUID } from 'class-validator';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MultilingualText } from '@gov/domain';
import { ANONYMOUS, seesPersonNames } from '@gov/governance';
import {
  MeetingQueries,
  OrganisationQueries,
  PublicChangeQueries,
  RecommendationQueries,
  TimelineEntryView,
  TimelineQueries,
} from '@gov/read-model';
import { ReportError, ReportLanguage, labelsFor, parseLanguage } from '@gov/reports';
import commonEn from '../../../web/src/locales/en/common.json';
import commonKk from '../../../web/src/locales/kk/common.json';
import commonRu from '../../../web/src/locales/ru/common.json';
import publicEn from '../../../web/src/locales/en/public.json';
import publicKk from '../../../web/src/locales/kk/public.json';
import publicRu from '../../../web/src/locales/ru/public.json';
import { APP_CONFIG, AppConfig } from '../config';
import { visibleMeeting } from '../read-access/visibility';
import { refuse } from '../reports/reports.controller';
import { answeredNotModified } from './conditional';

type Params = Record<string, unknown>;

/** The web app's catalogues: the feed and the calendar speak as the public pages do. */
const CATALOGUES: Record<ReportLanguage, { common: typeof commonEn; public: typeof publicEn }> = {
  kk: { common: commonKk, public: publicKk },
  ru: { common: commonRu, public: publicRu },
  en: { common: commonEn, public: publicEn },
};

/** The feed's length: what a reader polling it would not have missed. */
const FEED_ENTRIES = 100;
/** The calendar spans meetings from a year back onwards (a subscription cares about what is near). */
const CALENDAR_DAYS_BACK = 365;
const CALENDAR_MAX = 5_000;
/** The record has no end time: a calendar entry lasts two hours. */
const MEETING_HOURS = 2;

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

function only(query: Params, allowed: string[]): void {
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name)) throw new ReportError('BAD_USER_INPUT', 400, `unknown parameter ${name}: use ${allowed.join(', ')}`);
    if (typeof query[name] !== 'string') throw new ReportError('BAD_USER_INPUT', 400, `${name} must be given once, as text`);
  }
}

function idParam(query: Params, name: string): string | undefined {
  const value = query[name] as string | undefined;
  if (value !== undefined && !isUUID(value)) throw new ReportError('BAD_USER_INPUT', 400, `${name} must be an id (UUID)`);
  return value;
}

const variantOf = (path: string, query: Params) =>
  `${path}?${Object.keys(query)
    .sort()
    .map((k) => `${k}=${String(query[k])}`)
    .join('&')}`;

/**
 * The Atom feed of what happened to published recommendations and the iCalendar of public
 * meetings (docs/architecture.md, "Open to the public"). Anonymous by nature: a token changes nothing here.
 */
@Controller()
export class FeedsController {
  constructor(
    private readonly timeline: TimelineQueries,
    private readonly recommendations: RecommendationQueries,
    private readonly organisation: OrganisationQueries,
    private readonly meetings: MeetingQueries,
    private readonly changes: PublicChangeQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('feeds/recommendations.atom')
  atom(@Query() query: Params, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    try {
      only(query, ['body', 'recommendation', 'lang']);
      const bodyId = idParam(query, 'body');
      const recommendationId = idParam(query, 'recommendation');
      const lang = parseLanguage(query.lang as string | undefined);
      const change = this.changes.lastChange('recommendations');
      const lastModified = new Date(change.recordedAt ?? 0);
      if (answeredNotModified(req, res, { position: change.position, lastModified, variant: variantOf('atom', query) })) return;
      res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
      res.end(this.feed(lang, { bodyId, recommendationId }, lastModified, req.url ?? ''));
    } catch (error) {
      refuse(res, error);
    }
  }

  @Get('calendar/meetings.ics')
  calendar(@Query() query: Params, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    try {
      only(query, ['body', 'lang']);
      const bodyId = idParam(query, 'body');
      const lang = parseLanguage(query.lang as string | undefined);
      const change = this.changes.lastChange('calendar');
      const lastModified = new Date(change.recordedAt ?? 0);
      if (answeredNotModified(req, res, { position: change.position, lastModified, variant: variantOf('ics', query) })) return;
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.end(this.ics(lang, bodyId, lastModified));
    } catch (error) {
      refuse(res, error);
    }
  }

  private feed(lang: ReportLanguage, filter: { bodyId?: string; recommendationId?: string }, updated: Date, path: string): string {
    const { common, public: t } = CATALOGUES[lang];
    const labels = labelsFor(lang);
    const base = this.config.notify.publicUrl;
    const entries = this.timeline.publicRecent(filter, FEED_ENTRIES);
    const recs = new Map(
      [...new Set(entries.map((e) => e.recommendationId))].map((id) => [id, this.recommendations.byId(id, new Date())] as const),
    );
    const names = seesPersonNames(ANONYMOUS, this.config.publicShowPersonNames);
    const units = new Map(this.organisation.units().map((u) => [u.id, u.name]));
    const bodies = new Map(this.organisation.bodies().map((b) => [b.id, b.name]));
    const feed = new Feed({
      id: `${base}${path}`,
      link: `${base}/recommendations`,
      title: t.feeds.feedTitle,
      description: t.feeds.feedSubtitle,
      language: lang,
      updated,
      copyright: '',
      generator: 'consultative-governance',
      // Atom needs an author for entries that name none (an action without a unit or body).
      author: { name: t.homeTitle },
      feedLinks: { atom: `${base}${path}` },
    });
    for (const e of entries) {
      const rec = recs.get(e.recommendationId);
      if (!rec) continue;
      const link = `${base}/recommendations/${e.recommendationId}`;
      // The acting unit or body, and a person's name only where the deployment shows names.
      const actedFor = e.unitId ? units.get(e.unitId) : e.actor?.role?.startsWith('secretary:') ? bodies.get(rec.bodyId) : undefined;
      const author = [names ? e.actor?.name : undefined, actedFor ? labels.pick(actedFor) : undefined].filter(Boolean).join(', ');
      feed.addItem({
        id: `${link}#event-${e.position}`,
        link,
        title: fill(t.feeds.feedEntry, { number: rec.number, kind: common.timeline.kind[e.kind] }),
        date: new Date(e.recordedAt),
        published: new Date(e.at),
        description: this.details(e, lang, units),
        content: `${labels.pick(rec.text)}\n\n${common.status[rec.status] ?? rec.status}`,
        author: author ? [{ name: author }] : undefined,
      });
    }
    return feed.atom1();
  }

  /** The entry's own facts as a line a reader understands. */
  private details(e: TimelineEntryView, lang: ReportLanguage, units: Map<string, MultilingualText>): string {
    const labels = labelsFor(lang);
    const parts: string[] = [];
    if (e.kind === 'ASSIGNED') parts.push(labels.pick(units.get(e.leadUnitId)), e.dueDate);
    if (e.kind === 'PROGRESS') parts.push(`${e.percent}%`, e.note);
    if (e.kind === 'EXTENSION_GRANTED') parts.push(`${e.previousDueDate} → ${e.newDueDate}`, e.note ?? '');
    if (e.kind === 'EXTENSION_REQUESTED' || e.kind === 'EXTENSION_REFUSED') parts.push(e.requestedDueDate, e.reason);
    if ('reason' in e && !parts.includes(e.reason)) parts.push(e.reason);
    if ('summary' in e) parts.push(e.summary);
    if ('justification' in e) parts.push(e.justification);
    if ((e.kind === 'ACCEPTED' || e.kind === 'VERIFIED') && e.note) parts.push(e.note);
    return parts.filter(Boolean).join(' — ');
  }

  private ics(lang: ReportLanguage, bodyId: string | undefined, changedAt: Date): string {
    const { public: t } = CATALOGUES[lang];
    const labels = labelsFor(lang);
    const base = this.config.notify.publicUrl;
    const host = new URL(base).hostname;
    const bodies = new Map(this.organisation.bodies().map((b) => [b.id, b.name]));
    const calendar = ical({
      name: t.feeds.calendarName,
      prodId: { company: 'consultative-governance', product: 'meetings', language: lang.toUpperCase() },
    });
    const from = new Date(Date.now() - CALENDAR_DAYS_BACK * 86_400_000).toISOString();
    for (const listed of this.meetings.upcomingMeetings({ bodyId, from, publicOnly: true }, CALENDAR_MAX)) {
      // The same cut as GraphQL's: an unpublished public report or round table is its announcement.
      const m = visibleMeeting(ANONYMOUS, listed)!;
      const start = new Date(m.startsAt);
      const kind = labels.t.meetingKind[m.kind as keyof typeof labels.t.meetingKind];
      const cancelled = m.status === 'CANCELLED';
      calendar.createEvent({
        // Stable: a subscribed calendar updates the same entry when the meeting moves or is cancelled.
        id: `meeting-${m.id}@${host}`,
        // Each change of the meeting raises its revision: the later entry supersedes the earlier.
        sequence: Number(m.revision),
        // The calendar's content changed last then: the same content keeps the same bytes.
        stamp: changedAt,
        start,
        end: new Date(start.getTime() + MEETING_HOURS * 3_600_000),
        summary: m.title
          ? `${labels.pick(m.title)} — ${fill(t.meetingNumber, { number: m.number })}`
          : `${fill(t.meetingNumber, { number: m.number })}, ${kind}`,
        location: m.place,
        description: [
          fill(t.feeds.calendarBody, { body: labels.pick(bodies.get(m.bodyId)) }),
          fill(t.feeds.calendarKind, { kind, format: labels.t.meetingFormat[m.format as keyof typeof labels.t.meetingFormat] }),
          cancelled ? fill(t.feeds.calendarCancelled, { reason: m.cancelReason ?? '' }) : '',
        ]
          .filter(Boolean)
          .join('\n'),
        url: `${base}/meetings/${m.id}`,
        status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
    return calendar.toString();
  }
}
