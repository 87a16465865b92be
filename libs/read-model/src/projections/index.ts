import { ReadModelProjection } from '../projection';
import { evidenceProjection } from './evidence.projection';
import { meetingViewsProjection } from './meeting-views.projection';
import { meetingsProjection } from './meetings.projection';
import { organisationProjection } from './organisation.projection';
import { publicChangesProjection } from './public-changes.projection';
import { recommendationRowsProjection } from './recommendation-rows.projection';
import { statsProjection } from './stats.projection';
import { timelineProjection } from './timeline.projection';
import { unitLinksProjection } from './unit-links.projection';
import { versionsProjection } from './versions.projection';

export { searchable } from './recommendation-rows.projection';
export { PublicChangeQueries, PublicDataset } from './public-changes.projection';

/**
 * Every projection of the read model. Each batch goes to them in this order, each given the events
 * of the types it handles, and they flush in this order too: a projection may read the tables of
 * one before it (recommendation rows read meetings' published flag; stats' medians read the rows;
 * meeting views read a meeting's body and title).
 *
 * To add one: a new file in this folder exporting a ReadModelProjection (its tables, event types,
 * and handler), one entry here, and a PROJECTION_VERSION bump in schema.ts so existing read models
 * are rebuilt with its tables filled.
 */
export const PROJECTIONS: readonly ReadModelProjection[] = [
  organisationProjection,
  meetingsProjection,
  meetingViewsProjection,
  recommendationRowsProjection,
  statsProjection,
  unitLinksProjection,
  versionsProjection,
  timelineProjection,
  evidenceProjection,
  publicChangesProjection,
];
