// Evidence cited by a recommendation's reports; an uploaded file opens in place (GET /files/<sha256>
// with the bearer token, shown from a blob URL), a link opens where it points.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getSession } from '../auth/session';
import { graphql } from '../graphql/graphql';
import { useFormat } from './format';

/** The fields EvidenceList shows: select them with `...EvidenceFields` under `evidence`. */
export const EvidenceFields = graphql(`
  fragment EvidenceFields on EvidenceItem @_unmask {
    name
    sha256
    uri
    reportedAt
    report
    position
  }
`);

interface Item {
  name: string;
  sha256: string;
  uri?: string | null;
  reportedAt: string;
  report: string;
  position?: string;
}

/** Whether an implementation report's file was sent back with it (a return logged after the report). */
export const wasReturned = (item: Item, returns: readonly string[]) =>
  item.report === 'IMPLEMENTATION' && !!item.position && returns.some((r) => BigInt(r) > BigInt(item.position!));

export function EvidenceList({ items, returns = [] }: { items: readonly Item[]; returns?: readonly string[] }) {
  const { t } = useTranslation('unit');
  const { dateTime } = useFormat();
  const [open, setOpen] = useState<{ sha256: string; url: string; type: string } | { sha256: string; failed: true } | null>(null);
  const show = async (item: Item) => {
    const token = getSession()?.token;
    const res = await fetch(`/files/${item.sha256}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) return setOpen({ sha256: item.sha256, failed: true });
    const blob = await res.blob();
    const type = res.headers.get('content-type')?.split(';')[0] ?? '';
    // Only types that cannot run script in this origin are shown in place; the rest are downloaded.
    const viewable = /^(application\/pdf|image\/(png|jpeg|gif|webp)|text\/plain)$/.test(type);
    setOpen({
      sha256: item.sha256,
      url: URL.createObjectURL(new Blob([blob], { type: viewable ? type : 'application/octet-stream' })),
      type: viewable ? type : '',
    });
  };
  if (!items.length) return <p className="muted">{t('evidence.none')}</p>;
  return (
    <ul className="list evidence">
      {items.map((item) => (
        <li key={`${item.sha256}-${item.reportedAt}`}>
          <strong>{item.name}</strong>{' '}
          {wasReturned(item, returns) ? <span className="badge returned">{t('evidence.returned')}</span> : null}{' '}
          <span className="muted">
            {t(`evidence.report.${item.report}`, { defaultValue: item.report })},{' '}
            <span className="nowrap">{dateTime(item.reportedAt)}</span>
          </span>{' '}
          <button type="button" onClick={() => void show(item)} aria-expanded={open?.sha256 === item.sha256}>
            {t('evidence.open')}
          </button>
          {item.uri ? (
            <>
              {' '}
              <a href={item.uri} rel="noreferrer noopener" target="_blank">
                {t('evidence.link')}
              </a>
            </>
          ) : null}
          {open?.sha256 === item.sha256 ? (
            'failed' in open ? (
              <p role="alert" className="error">
                {t('evidence.notStored')}
              </p>
            ) : open.type.startsWith('image/') ? (
              <img src={open.url} alt={item.name} className="evidence-view" />
            ) : open.type ? (
              <iframe src={open.url} title={item.name} className="evidence-view" />
            ) : (
              <a href={open.url} download={item.name}>
                {t('evidence.download')}
              </a>
            )
          ) : null}
        </li>
      ))}
    </ul>
  );
}
