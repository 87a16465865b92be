import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { EvidenceFileStore, FILE_STORE, FileStore, PostgresFileStore } from '@gov/evidence-files';
import { EVIDENCE_FILES, EvidenceFiles } from '@gov/governance';
import { EvidenceQueries, ReadModelDb } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { FilesController } from './files.controller';

/** Where evidence files live: GOVERNANCE_DATA_DIR/files. */
export const filesDir = (config: AppConfig) => join(config.dataDir, 'files');

/** How long an upload's temporary file must sit unwritten before another replica's start removes it. */
const SHARED_TMP_IDLE_MS = 15 * 60_000;

/** Evidence files: the store (bound to the write side's EVIDENCE_FILES port), its HTTP endpoints and what cites them. */
@Global()
@Module({
  controllers: [FilesController],
  providers: [
    {
      provide: FILE_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<FileStore> => {
        if (config.postgresUrl) {
          // Shared by every replica: a file uploaded through one downloads from any.
          const shared = new PostgresFileStore(config.postgresUrl, config.evidenceMaxBytes);
          await shared.init();
          return shared;
        }
        const store = new EvidenceFileStore(filesDir(config), config.evidenceMaxBytes);
        // The embedded log means one process owns the data dir; replicas on EventStoreDB may share files/.
        await store.init(config.eventStoreConnectionString ? SHARED_TMP_IDLE_MS : 0);
        return store;
      },
    },
    { provide: EvidenceQueries, inject: [ReadModelDb], useFactory: (readModel: ReadModelDb) => new EvidenceQueries(readModel.db) },
    {
      // Owners come from the store, citations from the read model (a citation with a URI does not count: it serves no stored bytes).
      provide: EVIDENCE_FILES,
      inject: [FILE_STORE, EvidenceQueries],
      useFactory: (store: FileStore, evidence: EvidenceQueries): EvidenceFiles => ({
        facts: async (sha256) => {
          const file = await store.get(sha256);
          return file && { owners: file.owners ?? null, cited: evidence.citing(sha256).length > 0 };
        },
      }),
    },
  ],
  exports: [EVIDENCE_FILES, EvidenceQueries],
})
export class FilesModule implements OnApplicationShutdown {
  constructor(@Inject(FILE_STORE) private readonly store: FileStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close?.();
  }
}
