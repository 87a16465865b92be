// Live updates: a screen re-asks its queries whenever a recommendation it may show changes.
import { useEffect, useEffectEvent } from 'react';
import { useSubscription } from 'urql';
import { graphql } from './graphql';

const ChangedSubscription = graphql(`
  subscription RecommendationChanged {
    recommendationChanged {
      id
      status
      updatedAt
    }
  }
`);

/** Calls refresh after each change (not while showing a past as-of date, which cannot change). */
export function useLiveRefresh(refresh: () => void, paused = false): void {
  const changed = useEffectEvent(refresh);
  const [{ data }] = useSubscription({ query: ChangedSubscription, pause: paused });
  useEffect(() => {
    if (data) changed();
  }, [data]);
}
