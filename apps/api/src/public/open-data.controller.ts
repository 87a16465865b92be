import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStore } from '@gov/event-store';
import { ANONYMOUS, EVENT_STORE } from '@gov/governance';
import {
  MAX_PAGE,
  MeetingView,
  MeetingQueries,
  Projector,
  PublicChangeQueries,
  PublicDataset,
  ReadModelDb,
  ReadSnapshot,
  RecommendationQueries,
  RecommendationView,
} from '@gov/read-model';
import {
  LogPoint,
  OPEN_DATA_SCHEMA_VERSION,
  ReportError,
  ReportPool,
  ReportSources,
  labelsFor,
  parseLanguage,
  recommendationPagesAt,
  writeJsonRecords,
  writeRegisterCsv,
  writeRegisterJson,
} from '@gov/reports';
import { APP_CONFIG, AppConfig } from '../config';
import { filterOf } from '../read-access/recommendation-filter';
import { checkedFilter, refuse } from '../reports/reports.controller';
import { Validators, answeredNotModified, setValidators } from './conditional';

type Params = Record<string, unknown>;
type Labels = ReturnType<typeof labelsFor>;
type LastChange = ReturnType<PublicChangeQueries['lastChange']>;

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
  return filterOf(checkedFilter(json), ANONYMOUS);
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
 * Open data (docs/architecture.md, "Open to the public"): published data only, no sign-in, at stable addresses. Each file
 * states the log position of the last change to its published data (X-Log-Position, and in JSON),
 * which with the day also gives its ETag and Last-Modified; a client whose copy is current gets 304
 * before anything is read. Rows are written as they are read (the register's own writers), all from
 * one snapshot of the read model, so a meeting published meanwhile adds nothing to a file stating
 * an older position.
 */
@Controller('open-data')
export class OpenDataController {
  private readonly sources: ReportSources;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    recommendations: RecommendationQueries,
    meetings: MeetingQueries,
    projector: Projector,
    private readonly changes: PublicChangeQueries,
    private readonly readModel: ReadModelDb,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly pool: ReportPool,
  ) {
    this.sources = { events, recommendations, meetings, projector, readModelTimeoutMs: config.readYourWritesTimeoutMs };
  }

  /**
   * Answers 304 when the client's copy is current (read on the shared connection: cheap); otherwise
   * opens a snapshot, and states the validators as the snapshot has them (a change may have landed
   * in between).
   */
  private snapshotUnlessNotModified(
    req: IncomingMessage,
    res: ServerResponse,
    dataset: PublicDataset,
    validatorsOf: (change: LastChange) => { change: LastChange; validators: Validators },
  ): { snapshot: ReadSnapshot; change: LastChange; validators: Validators } | null {
    if (answeredNotModified(req, res, validatorsOf(this.changes.lastChange(dataset)).validators)) return null;
    const snapshot = this.readModel.snapshot();
    try {
      const { change, validators } = validatorsOf(new PublicChangeQueries(snapshot.db).lastChange(dataset));
      setValidators(res, validators);
      return { snapshot, change, validators };
    } catch (error) {
      snapshot.close();
      throw error;
    }
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
      (pages, labels, point) => this.pool.registerXlsx(pages, res, labels.lang, point),
      true,
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
      const variant = variantOf('meetings.json', query);
      const opened = this.snapshotUnlessNotModified(req, res, 'meetings', (change) => ({
        change,
        validators: { position: change.position, lastModified: new Date(change.recordedAt ?? 0), variant },
      }));
      if (!opened) return;
      const { snapshot, change } = opened;
      try {
        const meetings = new MeetingQueries(snapshot.db);
        const pages = (async function* () {
          let after: string | undefined;
          do {
            const page = meetings.meetings({ bodyIds, publishedOnly: true }, MAX_PAGE, after);
            yield page.nodes;
            after = page.hasNextPage ? meetings.meetingCursor(page.nodes.at(-1)!) : undefined;
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
      } finally {
        snapshot.close();
      }
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
    write: (pages: AsyncIterable<RecommendationView[]>, labels: Labels, point: LogPoint) => Promise<void>,
    /** Made within the report limit, as the signed-in XLSX register is (a place first, then the snapshot). */
    bounded = false,
  ) {
    let started = false;
    try {
      const labels = labelsFor(parseLanguage(textParam(query, 'lang')));
      const filter = filterParams(query, ['lang']);
      const produce = async () => {
        // Overdue and day counts move with the calendar: the content stands at the later of its last change and today's start.
        const today = startOfUtcDay(new Date());
        const variant = variantOf(name, query);
        const opened = this.snapshotUnlessNotModified(req, res, 'recommendations', (change) => {
          const changedAt = change.recordedAt ? new Date(change.recordedAt) : new Date(0);
          return { change, validators: { position: change.position, lastModified: changedAt > today ? changedAt : today, variant } };
        });
        if (!opened) return;
        const { snapshot, validators } = opened;
        try {
          const point: LogPoint = { position: validators.position, at: validators.lastModified.toISOString() };
          const sources = { ...this.sources, recommendations: new RecommendationQueries(snapshot.db) };
          const pages = recommendationPagesAt(sources, filter, point, validators.lastModified);
          res.setHeader('Content-Type', contentType);
          if (!name.endsWith('.json')) res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
          started = true;
          await write(pages, labels, point);
        } finally {
          snapshot.close();
        }
        res.end();
      };
      await (bounded ? this.pool.run(produce) : produce());
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
