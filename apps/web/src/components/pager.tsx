// Keyset paging through a GraphQL connection, one page on screen: its cursor lives in the URL under
// its own parameter (several lists on one screen page on their own; a reload or a shared link keeps
// the place), and the counts beside a list come from the connection's totalCount, never the page.
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from './format';

/** How many rows a screen's list shows per page. */
export const PAGE_SIZE = 20;

/** The cursor of the page on screen for the list paged under `param` (null: the first page). */
export function useCursor(param: string): string | null {
  const [params] = useSearchParams();
  return params.get(param);
}

export function Pager({
  param,
  pageInfo,
  label,
  shown,
  total,
}: {
  param: string;
  /** Rows on this page and in the whole list (the connection's totalCount). */
  shown: number;
  total: number;
  pageInfo: { endCursor?: string | null; hasNextPage: boolean };
  /** Names the list, so several pagers on one screen are told apart. */
  label: string;
}) {
  const { t } = useTranslation();
  const { number } = useFormat();
  const [params] = useSearchParams();
  const at = (cursor: string | null) => {
    const next = new URLSearchParams(params);
    if (cursor === null) next.delete(param);
    else next.set(param, cursor);
    return `?${next.toString()}`;
  };
  const first = params.has(param);
  const more = pageInfo.hasNextPage && pageInfo.endCursor;
  if (!first && !more) return null;
  return (
    <nav className="pager" aria-label={t('pages', { list: label })}>
      <span className="muted">{t('shown', { shown: number(shown), total: number(total) })}</span>
      {first ? <Link to={at(null)}>{t('firstPage')}</Link> : null}
      {more ? <Link to={at(pageInfo.endCursor!)}>{t('nextPage')}</Link> : null}
    </nav>
  );
}
