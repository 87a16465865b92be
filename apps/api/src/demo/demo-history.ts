import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { DAY_MS, Evidence, parseStreamId } from '@gov/domain';
import { FILE_STORE, FileStore } from '@gov/evidence-files';
import * as g from '@gov/governance';
import { Actor, CommandClass } from '@gov/governance';
import { HistoryStep, historySteps } from '../../../../bench/generator';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { commandPayload } from '../commands/command-payload';

/** The Karaganda region PD's body first, then two neighbours: who the demo's history is about. */
const REGIONS = [
  {
    name: { ru: 'Департамент полиции Карагандинской области', kk: 'Қарағанды облысының Полиция департаменті' },
    body: {
      ru: 'Консультативно-совещательный орган при ДП Карагандинской области',
      kk: 'Қарағанды облысы ПД жанындағы консультативтік-кеңесші орган',
    },
    region: 'Карагандинская область',
    members: ['Айгуль Шопшеебаева', 'Марат Сейткалиев', 'Арман Бердагулов', 'Сауле Токушева', 'Ерлан Жакупов'],
    districts: [
      { ru: 'УП района имени Казыбек би', kk: 'Қазыбек би атындағы аудандық ПБ' },
      { ru: 'УП района Алихана Бокейханова', kk: 'Әлихан Бөкейханов аудандық ПБ' },
      { ru: 'ОП города Темиртау', kk: 'Теміртау қалалық ПБ' },
      { ru: 'ОП города Шахтинска', kk: 'Шахтинск қалалық ПБ' },
    ],
  },
  {
    name: { ru: 'Департамент полиции области Ұлытау', kk: 'Ұлытау облысының Полиция департаменті' },
    body: { ru: 'Общественный совет при ДП области Ұлытау', kk: 'Ұлытау облысы ПД жанындағы қоғамдық кеңес' },
    region: 'Область Ұлытау',
    members: ['Бауыржан Омаров', 'Динара Касымова', 'Нурлан Абдрахманов', 'Гульнар Есенова', 'Тимур Ахметов'],
    districts: [
      { ru: 'УП города Жезказгана', kk: 'Жезқазған қалалық ПБ' },
      { ru: 'ОП города Сатпаева', kk: 'Сәтбаев қалалық ПБ' },
      { ru: 'ОП города Каражала', kk: 'Қаражал қалалық ПБ' },
      { ru: 'ОП Жанааркинского района', kk: 'Жаңаарқа аудандық ПБ' },
    ],
  },
  {
    name: { ru: 'Департамент полиции Акмолинской области', kk: 'Ақмола облысының Полиция департаменті' },
    body: {
      ru: 'Консультативно-совещательный орган при ДП Акмолинской области',
      kk: 'Ақмола облысы ПД жанындағы консультативтік-кеңесші орган',
    },
    region: 'Акмолинская область',
    members: ['Асель Нургалиева', 'Серик Жумабеков', 'Ольга Ким', 'Данияр Сулейменов', 'Жанар Бекова'],
    districts: [
      { ru: 'УП города Кокшетау', kk: 'Көкшетау қалалық ПБ' },
      { ru: 'ОП города Степногорска', kk: 'Степногор қалалық ПБ' },
      { ru: 'ОП Бурабайского района', kk: 'Бурабай аудандық ПБ' },
      { ru: 'ОП Целиноградского района', kk: 'Целиноград аудандық ПБ' },
    ],
  },
];

export const DEMO_SIZES = { small: 2, full: 4 } as const;
export type DemoSize = keyof typeof DEMO_SIZES;

/** Written once the history is in: a later start just serves. */
const FILLED = 'demo-filled.json';

/** A small real document: a one-page PDF (its own signature and cross-reference table) naming the file and its date. */
function pdf(title: string): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 37} >>\nstream\nBT /F1 14 Tf 72 770 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1x1 JPEG: the smallest photo a unit could send. */
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const uuidFrom = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Who acts for a role in the demo: an administrator, a body's secretary, a unit's duty officer. */
function actorOf(role: string): Actor {
  const [kind, id] = role.split(':');
  const name = kind === 'admin' ? 'Администратор' : kind === 'secretary' ? 'Секретарь совета' : 'Дежурный офицер';
  return { sub: `demo-${kind}-${id?.slice(0, 8) ?? 'admin'}`, name, roles: [role] };
}

/**
 * The command a history step sends, as a client would: the domain command without the facts the
 * write side loads itself, the aggregate's id from its stream, and the unit acted for.
 */
function requestOf(step: HistoryStep): { Command: CommandClass<g.CommandPayload>; plain: Record<string, unknown> } {
  const Command = (g as unknown as Record<string, CommandClass<g.CommandPayload> | undefined>)[`${step.command.type}Command`];
  if (!Command) throw new Error(`no write-side command for ${step.command.type}`);
  const { at, ...data } = step.command.data as Record<string, unknown> & { at: string };
  const stream = parseStreamId(step.streamId);
  if (!stream) throw new Error(`${step.streamId} is not an aggregate's stream`);
  const { kind } = stream;
  const plain: Record<string, unknown> = { [`${kind}Id`]: stream.id, ...data, occurredAt: at };
  const d = data as {
    parent?: { id: string };
    meeting?: { id: string };
    coveredMeetings?: Array<{ id: string }>;
    unitId?: string;
    itemId?: string;
    paper?: Evidence;
  };
  if (d.parent) plain.parentUnitId = d.parent.id;
  if (d.meeting) plain.meetingId = d.meeting.id;
  if (d.coveredMeetings) plain.coversMeetingIds = d.coveredMeetings.map((m) => m.id);
  if (kind === 'recommendation' && d.unitId) plain.actingUnitId = d.unitId;
  if (d.paper) Object.assign(plain, { agendaItemId: d.itemId, file: d.paper });
  return { Command, plain };
}

/**
 * Fills the demo's data dir through the write side: every command of two years of history
 * (ending yesterday) dispatched as its actor would, at its business time, with the evidence and
 * papers it cites stored in the file store first. Each command has an id of its own, so a fill
 * that was stopped half-way is completed by the next start (the commands already in answer as
 * replayed); once complete, it is not run again.
 */
export async function fillDemo(app: INestApplicationContext, dataDir: string, size: DemoSize, log: (line: string) => void) {
  const marker = join(dataDir, FILLED);
  if (demoFilled(dataDir)) return JSON.parse(readFileSync(marker, 'utf8')) as DemoSummary;
  const dispatcher = app.get(CommandDispatcher);
  const files = app.get<FileStore>(FILE_STORE);
  const until = Date.now() - DAY_MS;
  // The files the next step cites, by hash.
  const toUpload = new Map<string, { name: string; content: Buffer }>();
  const file = (name: string, at: string): Evidence => {
    const content = name.endsWith('.jpg') ? PHOTO : pdf(`${name.replace(/\.pdf$/, '')} ${at.slice(0, 10)}`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    toUpload.set(sha256, { name, content });
    return { name, sha256, uri: null };
  };
  const steps = historySteps({
    seed: 24,
    start: until - 730 * DAY_MS,
    until,
    regions: REGIONS,
    districtsPerRegion: 4,
    recommendationsPerMeeting: DEMO_SIZES[size],
    file,
  });
  let n = 0;
  for (let next = steps.next(); !next.done; next = steps.next()) {
    // Uploaded by whoever cites it (a unit its evidence, a secretary the body's papers), as POST /files would.
    const actor = actorOf(next.value.actor);
    for (const f of toUpload.values()) await files.put(Readable.from([f.content]), f.name, g.uploaderScopes(actor));
    toUpload.clear();
    const { Command, plain } = requestOf(next.value);
    const payload = await commandPayload(Command, { ...plain, commandId: uuidFrom(`demo ${n}`) });
    await dispatcher.dispatch(Command, payload, actor, uuidFrom(`demo correlation ${n}`));
    if (++n % 500 === 0) log(`demo: ${n} commands`);
  }
  const summary: DemoSummary = { commands: n, filledAt: new Date().toISOString() };
  writeFileSync(marker, JSON.stringify(summary));
  return summary;
}

export const demoFilled = (dataDir: string) => existsSync(join(dataDir, FILLED));

export interface DemoSummary {
  commands: number;
  filledAt: string;
}
