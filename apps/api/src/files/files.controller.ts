import { Controller, Get, Inject, Logger, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { FILE_STORE, FileChangedError, FileStore, FileTooLargeError, StoredFile } from '@gov/evidence-files';
import { Actor, GovernanceError, evidenceDownload, requireEvidenceUploader, uploaderScopes } from '@gov/governance';
import { EvidenceQueries } from '@gov/read-model';
import { MULTIPART_OVERHEAD, discardUnread } from '../app-exception.filter';
import { AuthenticationGuard, CurrentActor } from '../auth/authentication';
import { httpStatusOf, toPublicError } from '../public-error';
import { Metrics } from '../observability/metrics';

const badInput = (message: string) => new GovernanceError('BAD_USER_INPUT', message);

/** Evidence files over HTTP (docs/architecture.md, "Evidence files"): multipart upload in, attachment out. Rules live in @gov/governance. */
@Controller('files')
@UseGuards(AuthenticationGuard)
export class FilesController {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly evidence: EvidenceQueries,
    private readonly metrics: Metrics,
  ) {}
  private readonly logger = new Logger('EvidenceFiles');

  @Post()
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      requireEvidenceUploader(actor);
      if (!req.is('multipart/form-data')) throw badInput('send the file as multipart/form-data, in the field "file"');
      if (Number(req.headers['content-length']) > this.store.maxBytes + MULTIPART_OVERHEAD)
        throw new FileTooLargeError(this.store.maxBytes);
      const stored = await this.receive(req, actor);
      // The same answer whether these bytes were new or already stored: it tells nothing of others' files.
      res.status(201).json({ sha256: stored.sha256, name: stored.name, size: stored.size, mediaType: stored.mediaType });
    } catch (error) {
      discardUnread(req, this.store.maxBytes);
      this.refuse(res, error);
    }
  }

  /** Streams the part named "file" into the store; anything else in the body is skipped unread. */
  private receive(req: Request, uploader: Actor): Promise<StoredFile & { name: string }> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy | undefined;
      try {
        // Browsers send UTF-8 file names unencoded; busboy's default would read them as Latin-1.
        parser = busboy({
          headers: req.headers,
          defParamCharset: 'utf8',
          limits: { files: 1, fields: 20, fieldSize: 4096, parts: 40 },
        });
      } catch (error) {
        reject(badInput(`the multipart body cannot be read: ${(error as Error).message}`));
        return;
      }
      let file: Readable | null = null;
      let stored: Promise<StoredFile & { name: string }> | null = null;
      const stop = (error: Error) => {
        req.unpipe(parser);
        file?.destroy();
        reject(error);
      };
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || stored) {
          stream.resume();
          return;
        }
        file = stream;
        stored = this.store.put(stream, info.filename, uploaderScopes(uploader));
        stored.catch(stop);
      });
      parser.on('close', () => {
        if (stored) stored.then(resolve, reject);
        else reject(badInput('the body has no file in the field "file"'));
      });
      parser.on('error', (error) => stop(badInput(`the multipart body cannot be read: ${(error as Error).message}`)));
      // A client that goes away mid-upload must not leave the store waiting for the rest.
      req.on('close', () => {
        if (!req.complete) file?.destroy(new Error('the upload was interrupted'));
      });
      req.pipe(parser);
    });
  }

  @Get(':sha256')
  async download(@Param('sha256') sha256: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    try {
      if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw badInput('a file is named by its SHA-256: 64 hex digits');
      const citing = this.evidence.citing(sha256);
      const access = evidenceDownload(actor, citing);
      if (access === 'FORBIDDEN')
        throw new GovernanceError('FORBIDDEN', 'anonymous readers see the names and hashes of evidence, not its contents: sign in');
      const file = access === 'SERVE' ? await this.store.get(sha256) : null;
      if (!file) throw new GovernanceError('NOT_FOUND', `no evidence file ${sha256.toLowerCase()}`);
      const content = await this.store.open(file.sha256);
      res.attachment(citing[0]?.name ?? file.names[0] ?? file.sha256);
      // Always a download of the sniffed type, and never a document that could run in our origin.
      res.set({
        'Content-Type': file.mediaType,
        'Content-Length': String(file.size),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-cache',
        ETag: `"${file.sha256}"`,
      });
      content.on('error', (error) => res.destroy(error));
      content.pipe(res);
    } catch (error) {
      this.refuse(res, error);
    }
  }

  private refuse(res: Response, error: unknown): void {
    if (error instanceof FileChangedError) {
      this.metrics.evidenceFilesChanged.inc();
      this.logger.error(error.message);
    }
    const { code, message } =
      error instanceof FileTooLargeError
        ? { code: 'PAYLOAD_TOO_LARGE', message: error.message }
        : error instanceof FileChangedError
          ? { code: 'EVIDENCE_FILE_CHANGED', message: error.message }
          : toPublicError(error);
    res.status(httpStatusOf(code)).json({ code, message });
  }
}
