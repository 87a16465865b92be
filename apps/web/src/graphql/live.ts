// Live updates: a screen re-asks its queries whenever a recommendation it may show changes.
import { useEffect, useRef } from 'react';
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
  const latest = useRef(refresh);
  latest.current = refresh;
  const [{ data }] = useSubscription({ query: ChangedSubscription, pause: paused });
  useEffect(() => {
    if (data) latest.current();
  }, [data]);
}
