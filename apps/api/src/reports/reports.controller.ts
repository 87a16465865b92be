import { Controller, Get, Inject, Logger, OnApplicationShutdown, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync } from 'class-validator';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStore } from '@gov/event-store';
import { Actor, EVENT_STORE, guestsFor, seesPersonNames, speakerFor } from '@gov/governance';
import { MeetingQueries, Projector, RecommendationFilter, RecommendationQueries, RecommendationView } from '@gov/read-model';
import {
  LogPoint,
  RenderJob,
  ReportError,
  ReportPool,
  ReportSources,
  ReportsBusyError,
  labelsFor,
  minutesData,
  ReportLanguage,
  parseLanguage,
  recommendationPagesAt,
  reportBackData,
  resolveLogPoint,
  unitStatusData,
  writeRegisterCsv,
} from '@gov/reports';
import { APP_CONFIG, AppConfig } from '../config';
import { AuthenticationGuard, CurrentActor } from '../auth/authentication';
import { RecommendationFilterRules, filterOf } from '../read-access/recommendation-filter';
import { publishedOnly } from '../read-access/visibility';
import { sendJson, sendRefusal, validationDetails } from '../public-error';

type ReportQuery = Record<string, unknown>;
type Request = IncomingMessage;
type Response = ServerResponse;

const logger = new Logger('Reports');

/** A query parameter given once, as text; repeated or structured parameters are refused. */
function param(query: ReportQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ReportError('BAD_USER_INPUT', 400, `${name} must be given once, as text`);
  return value;
}

function requireUuid(what: string, id: string): string {
  if (!isUUID(id)) throw new ReportError('NOT_FOUND', 404, `${what} ${id} was not found`);
  return id;
}

/** `filter` is the JSON of a GraphQL RecommendationFilterInput, checked by the same rules. */
function parseFilter(raw: string | undefined): RecommendationFilterRules | undefined {
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ReportError('BAD_FILTER', 400, 'filter must be the JSON of a RecommendationFilterInput');
  }
  return checkedFilter(json);
}

/** A recommendation filter from its JSON form (a GraphQL RecommendationFilterInput), checked by the same rules (also used by /open-data). */
export function checkedFilter(json: unknown): RecommendationFilterRules {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ReportError('BAD_FILTER', 400, 'filter must be a JSON object (a RecommendationFilterInput)');
  const input = plainToInstance(RecommendationFilterRules, json);
  const problems = validationDetails(validateSync(input, { whitelist: true, forbidNonWhitelisted: true }));
  for (const field of ['adoptedFrom', 'adoptedTo'] as const)
    if (input[field] !== undefined && Number.isNaN(input[field].getTime())) problems.push(`${field}: must be an ISO-8601 date-time`);
  if (problems.length) throw new ReportError('BAD_FILTER', 400, `filter: ${problems.join('; ')}`);
  return input;
}

const attachment = (name: string) => `attachment; filename="${name}"`;

/**
 * Reports over HTTP (docs/architecture.md, "Reports"): same tokens and visibility as GraphQL. Everything that
 * can be refused is decided before the first byte goes out, so a refusal is a clean JSON error.
 */
@Controller('reports')
@UseGuards(AuthenticationGuard)
export class ReportsController implements OnApplicationShutdown {
  private readonly sources: ReportSources;
  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    recommendations: RecommendationQueries,
    meetings: MeetingQueries,
    projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** Bounds the PDFs and XLSX registers made at once (open data's too), and makes them in its threads. */
    private readonly pool: ReportPool,
  ) {
    this.sources = { events, recommendations, meetings, projector, readModelTimeoutMs: config.readYourWritesTimeoutMs };
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }

  @Get('meetings/:id/minutes.pdf')
  minutes(@Param('id') id: string, @Query() query: ReportQuery, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return this.pdf(actor, req, res, query, 'minutes', async (hidden, point, lang, names) => {
      const data = await minutesData(this.sources, requireUuid('meeting', id), point, hidden);
      const held = data.meeting.held && { ...data.meeting.held, guests: guestsFor(data.meeting.held.guests, names) };
      const items = data.items.map((i) => ({ ...i, item: { ...i.item, speaker: speakerFor(i.item.speaker, names) } }));
      return { kind: 'minutes', data: { ...data, items, meeting: { ...data.meeting, held } }, lang };
    });
  }

  @Get('meetings/:id/report-back.pdf')
  reportBack(
    @Param('id') id: string,
    @Query() query: ReportQuery,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pdf(actor, req, res, query, 'report-back', async (hidden, point, lang) => ({
      kind: 'report-back',
      data: await reportBackData(this.sources, requireUuid('meeting', id), point, hidden),
      lang,
    }));
  }

  @Get('units/:id/status.pdf')
  unitStatus(
    @Param('id') id: string,
    @Query() query: ReportQuery,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pdf(actor, req, res, query, 'unit-status', async (hidden, point, lang) => ({
      kind: 'unit-status',
      data: await unitStatusData(this.sources, requireUuid('unit', id), point, hidden),
      lang,
    }));
  }

  @Get('recommendations.csv')
  csv(@Query() query: ReportQuery, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return this.register(actor, req, res, query, 'text/csv; charset=utf-8', 'csv', false, (pages, labels) =>
      writeRegisterCsv(pages, res, labels),
    );
  }

  @Get('recommendations.xlsx')
  xlsx(@Query() query: ReportQuery, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    return this.register(
      actor,
      req,
      res,
      query,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'xlsx',
      true,
      (pages, labels, point) => this.pool.registerXlsx(pages, res, labels.lang, point),
    );
  }

  /** In which language, at which log point: shared by every report. */
  private async request(query: ReportQuery) {
    const labels = labelsFor(parseLanguage(param(query, 'lang')));
    const point = await resolveLogPoint(this.sources.events, { position: param(query, 'position'), asOf: param(query, 'asOf') });
    return { labels, point };
  }

  private positionHeaders(res: Response, point: LogPoint) {
    res.setHeader('X-Log-Position', point.position.toString());
    if (point.at) res.setHeader('X-Log-Position-Time', point.at);
  }

  private async pdf(
    actor: Actor,
    req: Request & { params?: Record<string, string> },
    res: Response,
    query: ReportQuery,
    name: string,
    gather: (publishedOnly: boolean, point: LogPoint, lang: ReportLanguage, personNames: boolean) => Promise<RenderJob>,
  ) {
    try {
      const { labels, point } = await this.request(query);
      // A place first (or a place in the queue, or REPORTS_BUSY); the data is gathered here, the layout done in a thread.
      const pdf = await this.pool.run(async () =>
        this.pool.render(await gather(publishedOnly(actor), point, labels.lang, seesPersonNames(actor, this.config.publicShowPersonNames))),
      );
      this.positionHeaders(res, point);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', attachment(`${name}-${req.params?.id}-${point.position}-${labels.lang}.pdf`));
      res.end(pdf);
    } catch (error) {
      refuse(res, error);
    }
  }

  private async register(
    actor: Actor,
    req: Request,
    res: Response,
    query: ReportQuery,
    contentType: string,
    extension: string,
    /** Made within the report limit (the XLSX register: streamed page by page, but each row costs several times the CSV's, in a thread). */
    bounded: boolean,
    write: (pages: AsyncIterable<RecommendationView[]>, labels: ReturnType<typeof labelsFor>, point: LogPoint) => Promise<void>,
  ) {
    let started = false;
    try {
      const { labels, point } = await this.request(query);
      const filter: RecommendationFilter = filterOf(parseFilter(param(query, 'filter')), actor);
      const produce = async () => {
        // The first page is read before anything is sent: a read model that cannot reach the position refuses cleanly.
        const pages = recommendationPagesAt(this.sources, filter, point);
        const first = await pages.next();
        const all = (async function* () {
          if (!first.done) yield first.value;
          yield* pages;
        })();
        this.positionHeaders(res, point);
        res.setHeader('Content-Type', contentType);
        res.setHeader('Content-Disposition', attachment(`recommendations-${point.position}-${labels.lang}.${extension}`));
        started = true;
        await write(all, labels, point);
      };
      await (bounded ? this.pool.run(produce) : produce());
      res.end();
    } catch (error) {
      if (!started) return refuse(res, error);
      // Mid-stream the status is gone: cut the connection so the client never takes a partial file for a whole one.
      logger.warn(`register export aborted: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy(error instanceof Error ? error : undefined);
    }
  }
}

/** A refusal as JSON with its stable code and HTTP status (also used by /open-data, /feeds and /calendar). */
export function refuse(res: Response, error: unknown) {
  if (error instanceof ReportsBusyError) res.setHeader('Retry-After', '1');
  if (error instanceof ReportError) {
    return sendJson(res, error.status, { code: error.code, message: error.message });
  }
  sendRefusal(res, error);
}
