import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStore } from '@gov/event-store';
import { ANONYMOUS, EVENT_STORE } from '@gov/governance';
import { MAX_PAGE, MeetingView, OrganisationQueries, Projector, PublicChangeQueries, RecommendationQueries } from '@gov/read-model';
import {
  LogPoint,
  OPEN_DATA_SCHEMA_VERSION,
  ReportError,
  ReportSources,
  labelsFor,
  parseLanguage,
  recommendationPagesAt,
  writeJsonRecords,
  writeRegisterCsv,
  writeRegisterJson,
  writeRegisterXlsx,
} from '@gov/reports';
import { APP_CONFIG, AppConfig } from '../config';
import { filterOf } from '../graphql/query.resolver';
import { checkedFilter, refuse } from '../reports/reports.controller';
import { answeredNotModified } from './conditional';

type Params = Record<string, unknown>;
type Labels = ReturnType<typeof labelsFor>;

const logger = new Logger('OpenData');

/** The register's filters as query parameters: name -> the RecommendationFilterInput field and how its text reads. */
const FILTER_PARAMS: Record<string, { field: string; read: (text: string) => unknown }> = {
  body: { field: 'bodyIds', read: (t) => t.split(',') },
  meeting: { field: 'meetingIds', read: (t) => t.split(',') },
  unit: { field: 'unitId', read: (t) => t },
  leadOnly: { field: 'leadOnly', read: bool },
  status: { field: 'statuses', read: (t) => t.split(',') },
  overdue: { field: 'overdue', read: bool },
  origin: { field: 'origins', read: (t) => t.split(',') },
  priority: { field: 'priorities', read: (t) => t.split(',') },
  dueFrom: { field: 'dueFrom', read: (t) => t },
  dueTo: { field: 'dueTo', read: (t) => t },
  adoptedFrom: { field: 'adoptedFrom', read: (t) => t },
  adoptedTo: { field: 'adoptedTo', read: (t) => t },
  text: { field: 'text', read: (t) => t },
};

/** `true` and `false` read as booleans; anything else is left for the validation to name. */
function bool(text: string): unknown {
  return text === 'true' ? true : text === 'false' ? false : text;
}

function textParam(query: Params, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ReportError('BAD_USER_INPUT', 400, `${name} must be given once, as text`);
  return value;
}

/** The filter a request names (unknown parameters refused, so a misspelt filter is not silently ignored). */
function filterParams(query: Params, extra: string[]) {
  const json: Record<string, unknown> = {};
  for (const name of Object.keys(query)) {
    if (extra.includes(name)) continue;
    const param = FILTER_PARAMS[name];
    if (!param)
      throw new ReportError('BAD_FILTER', 400, `unknown parameter ${name}: use ${[...Object.keys(FILTER_PARAMS), ...extra].join(', ')}`);
    json[param.field] = param.read(textParam(query, name)!);
  }
  return filterOf(checkedFilter(json), { actor: ANONYMOUS });
}

/** The variant key: the same parameters in any order give the same ETag. */
const variantOf = (path: string, query: Params) =>
  `${path}?${Object.keys(query)
    .sort()
    .map((k) => `${k}=${String(query[k])}`)
    .join('&')}`;

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** A published meeting as meetings.json gives it (docs/open-data.md). */
const meetingRecord = (m: MeetingView) => ({
  id: m.id,
  bodyId: m.bodyId,
  number: m.number,
  kind: m.kind,
  title: m.title,
  startsAt: m.startsAt,
  place: m.place,
  format: m.format,
  status: m.status,
  heldAt: m.heldAt,
  membersPresent: m.membersPresent.length,
  membersTotal: m.membersTotal,
  quorum: m.quorum,
  minutesApprovedAt: m.minutesApprovedAt,
  publishedAt: m.publishedAt,
});

/**
 * Open data (DESIGN.md section 14): published data only, no sign-in, at stable addresses. Each file
 * states the log position of the last change to its published data (X-Log-Position, and in JSON),
 * which with the day also gives its ETag and Last-Modified; a client whose copy is current gets 304
 * before anything is read. Rows are written as they are read (the register's own writers).
 */
@Controller('open-data')
export class OpenDataController {
  private readonly sources: ReportSources;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    recommendations: RecommendationQueries,
    private readonly organisation: OrganisationQueries,
    projector: Projector,
    private readonly changes: PublicChangeQueries,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sources = { events, recommendations, organisation, projector, readModelTimeoutMs: config.readYourWritesTimeoutMs };
  }

  @Get('recommendations.csv')
  csv(@Query() query: Params, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    return this.recommendations(req, res, query, 'recommendations.csv', 'text/csv; charset=utf-8', (pages, labels) =>
      writeRegisterCsv(pages, res, labels),
    );
  }

  @Get('recommendations.xlsx')
  xlsx(@Query() query: Params, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    return this.recommendations(
      req,
      res,
      query,
      'recommendations.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      (pages, labels, point) => writeRegisterXlsx(pages, res, labels, point),
    );
  }

  @Get('recommendations.json')
  json(@Query() query: Params, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    return this.recommendations(req, res, query, 'recommendations.json', 'application/json; charset=utf-8', (pages, _labels, point) =>
      writeRegisterJson(pages, res, {
        schemaVersion: OPEN_DATA_SCHEMA_VERSION,
        logPosition: point.position.toString(),
        asOf: point.at,
        filter: Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'lang')),
      }),
    );
  }

  @Get('meetings.json')
  async meetings(@Query() query: Params, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    let started = false;
    try {
      for (const name of Object.keys(query))
        if (name !== 'body') throw new ReportError('BAD_FILTER', 400, `unknown parameter ${name}: use body`);
      const body = textParam(query, 'body');
      const bodyIds = body ? checkedFilter({ bodyIds: body.split(',') }).bodyIds : undefined;
      const change = this.changes.lastChange('meetings');
      const lastModified = new Date(change.recordedAt ?? 0);
      if (answeredNotModified(req, res, { position: change.position, lastModified, variant: variantOf('meetings.json', query) })) return;
      const organisation = this.organisation;
      const pages = (async function* () {
        let after: string | undefined;
        do {
          const page = organisation.meetings({ bodyIds, publishedOnly: true }, MAX_PAGE, after);
          yield page.nodes;
          after = page.hasNextPage ? organisation.meetingCursor(page.nodes.at(-1)!) : undefined;
        } while (after);
      })();
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      started = true;
      await writeJsonRecords(
        pages,
        res,
        { schemaVersion: OPEN_DATA_SCHEMA_VERSION, logPosition: change.position.toString(), asOf: change.recordedAt, filter: query },
        'meetings',
        meetingRecord,
      );
      res.end();
    } catch (error) {
      this.failed(res, error, started);
    }
  }

  private async recommendations(
    req: IncomingMessage,
    res: ServerResponse,
    query: Params,
    name: string,
    contentType: string,
    write: (pages: AsyncIterable<import('@gov/read-model').RecommendationView[]>, labels: Labels, point: LogPoint) => Promise<void>,
  ) {
    let started = false;
    try {
      const labels = labelsFor(parseLanguage(textParam(query, 'lang')));
      const filter = filterParams(query, ['lang']);
      const change = this.changes.lastChange('recommendations');
      // Overdue and day counts move with the calendar: the content stands at the later of its last change and today's start.
      const today = startOfUtcDay(new Date());
      const changedAt = change.recordedAt ? new Date(change.recordedAt) : new Date(0);
      const asOf = changedAt > today ? changedAt : today;
      if (answeredNotModified(req, res, { position: change.position, lastModified: asOf, variant: variantOf(name, query) })) return;
      const point: LogPoint = { position: change.position, at: asOf.toISOString() };
      const pages = recommendationPagesAt(this.sources, filter, point, asOf);
      res.setHeader('Content-Type', contentType);
      if (!name.endsWith('.json')) res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      started = true;
      await write(pages, labels, point);
      res.end();
    } catch (error) {
      this.failed(res, error, started);
    }
  }

  private failed(res: ServerResponse, error: unknown, started: boolean) {
    if (!started) return refuse(res, error);
    // Mid-stream the status is gone: cut the connection so the client never takes a partial file for a whole one.
    logger.warn(`open data aborted: ${error instanceof Error ? error.message : String(error)}`);
    res.destroy(error instanceof Error ? error : undefined);
  }
}
