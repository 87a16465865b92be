// The public register: every published recommendation, with the filters that mean something to the
// public in the address (shareable, the same as the oversight register's), keyset paging, and the
// same selection as open data files.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { LocalText, useFormat } from '../../components/format';
import { Progress, Result, StatusBadge } from '../../components/ui';
import { Pager } from '../../components/pager';
import { openDataParams } from '../../components/register-filter';
import { PublicRegisterQuery, publicRegisterVariables } from './register-query';
import { FilterFold, RegisterFilterForm } from '../../components/register-filters';

export default function PublicRegisterPage() {
  const { t, i18n } = useTranslation('public');
  const { date } = useFormat();
  const [params] = useSearchParams();
  // The public filters: no priority (an internal ranking) and no meeting picker (a meeting's page lists its own).
  const variables = publicRegisterVariables(params);
  const { filter } = variables;
  const [result] = useQuery({ query: PublicRegisterQuery, variables });
  const [text, setText] = useState(params.get('q') ?? '');

  const openData = openDataParams(filter);
  openData.set('lang', i18n.language);

  return (
    <>
      <h1>{t('registerTitle')}</h1>
      <p className="lead">{t('registerLead')}</p>
      <FilterFold>
        <RegisterFilterForm text={text} onText={setText} resetTo="/recommendations" />
      </FilterFold>
      <Result result={result} ready="public-register">
        {({ recommendations: page }) => (
          <>
            <p role="status" aria-live="polite">
              {t('oversight:found', { count: page.totalCount })}
            </p>
            <p className="downloads">
              {t('openData')}{' '}
              {(['csv', 'json', 'xlsx'] as const).map((format) => (
                <a key={format} href={`/open-data/recommendations.${format}?${openData.toString()}`}>
                  {format.toUpperCase()}
                </a>
              ))}
            </p>
            <ul className="list register-list">
              {page.edges.map(({ node: r }) => (
                <li key={r.id}>
                  <h2 className="register-item">
                    <Link to={`/recommendations/${r.id}`}>
                      {t('recommendationNumber', { number: r.number })}: <LocalText value={r.text} />
                    </Link>
                  </h2>
                  <p>
                    <StatusBadge status={r.status} overdue={r.overdue} /> <Progress percent={r.percent} />
                  </p>
                  <dl className="facts">
                    {r.body ? (
                      <>
                        <dt>{t('oversight:body')}</dt>
                        <dd>
                          <LocalText value={r.body.name} />
                        </dd>
                      </>
                    ) : null}
                    <dt>{t('leadUnit')}</dt>
                    <dd>{r.leadUnit ? <LocalText value={r.leadUnit.name} /> : '—'}</dd>
                    <dt>{t('dueDate')}</dt>
                    <dd>{r.dueDate ? date(r.dueDate) : '—'}</dd>
                    <dt>{t('adoptedOn')}</dt>
                    <dd>{date(r.adoptedAt)}</dd>
                    <dt>{t('origin')}</dt>
                    <dd>{t(`common:origin.${r.origin}`)}</dd>
                  </dl>
                </li>
              ))}
            </ul>
            <Pager param="after" pageInfo={page.pageInfo} label={t('registerTitle')} shown={page.edges.length} total={page.totalCount} />
          </>
        )}
      </Result>
    </>
  );
}
