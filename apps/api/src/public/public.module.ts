import { Module } from '@nestjs/common';
import { PublicChangeQueries, ReadModelDb } from '@gov/read-model';
import { OpenDataController } from './open-data.controller';

/** What anyone may fetch without signing in: open data, feeds and the meeting calendar (DESIGN.md section 14). */
@Module({
  controllers: [OpenDataController],
  providers: [{ provide: PublicChangeQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new PublicChangeQueries(rm.db) }],
})
export class PublicModule {}
