import { Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { EvidenceFileStore } from '@gov/evidence-files';
import { EVIDENCE_FILES } from '@gov/governance';
import { EvidenceQueries, ReadModelDb } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { RecommendationEvidenceResolver } from '../graphql/evidence';
import { FilesController } from './files.controller';

/** Where evidence files live: GOVERNANCE_DATA_DIR/files. */
export const filesDir = (config: AppConfig) => join(config.dataDir, 'files');

/** How long an upload's temporary file must sit unwritten before another replica's start removes it. */
const SHARED_TMP_IDLE_MS = 15 * 60_000;

/** Evidence files: the store (bound to the write side's EVIDENCE_FILES port), its HTTP endpoints and Recommendation.evidence. */
@Global()
@Module({
  controllers: [FilesController],
  providers: [
    {
      provide: EvidenceFileStore,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const store = new EvidenceFileStore(filesDir(config), config.evidenceMaxBytes);
        // The embedded log means one process owns the data dir; replicas on EventStoreDB may share files/.
        await store.init(config.eventStoreConnectionString ? SHARED_TMP_IDLE_MS : 0);
        return store;
      },
    },
    { provide: EVIDENCE_FILES, useExisting: EvidenceFileStore },
    { provide: EvidenceQueries, inject: [ReadModelDb], useFactory: (readModel: ReadModelDb) => new EvidenceQueries(readModel.db) },
    RecommendationEvidenceResolver,
  ],
  exports: [EVIDENCE_FILES],
})
export class FilesModule {}
