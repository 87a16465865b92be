// The register: every filter of `recommendations` in the address (shareable), sorting, keyset
// paging, the as-of date, live refresh when a recommendation changes, and the register (CSV, XLSX)
// and a filtered unit's status (PDF) as files.
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { PRIORITIES } from '../../components/register-filter';
import { ORDERS, RegisterQuery, registerVariables } from './register-query';
import { useLiveRefresh } from '../../graphql/live';
import { useDraft } from '../../auth/return-to';
import { useSession } from '../../auth/session';
import { useAsOf, useKeepAsOf } from '../../components/as-of';
import { LocalText, useFormat } from '../../components/format';
import { Progress, Result, StatusBadge } from '../../components/ui';
import { useOrganisation } from '../../components/organisation';
import { DownloadButton, reportUrl } from '../../components/download';
import { FilterFold, FilterSelect, RegisterFilterForm, useFilterUpdate } from '../../components/register-filters';

export default function Register() {
  const { t, i18n } = useTranslation('oversight');
  const { date } = useFormat();
  const session = useSession();
  const [params] = useSearchParams();
  const { asOf } = useAsOf();
  const keep = useKeepAsOf();
  const org = useOrganisation();
  const variables = registerVariables(params);
  const { filter, orderBy, after } = variables;
  const [result, reexecute] = useQuery({ query: RegisterQuery, variables, pause: !session });
  useLiveRefresh(() => reexecute({ requestPolicy: 'network-only' }), Boolean(asOf) || !session);
  const [text, setText] = useDraft('register.q', params.get('q') ?? '');
  const update = useFilterUpdate();
  if (!session) return <p role="alert">{t('common:notAllowed')}</p>;
  return (
    <>
      <h1>{t('registerTitle')}</h1>
      <FilterFold>
        <RegisterFilterForm text={text} onText={setText} resetTo={keep('/register')}>
          <FilterSelect
            name="priority"
            label={t('priority')}
            options={PRIORITIES.map((o) => ({ value: o, label: t(`common:priority.${o}`) }))}
          />
          {params.getAll('meeting').length ? (
            <p>
              {t('meetingFilter')}{' '}
              <button type="button" onClick={() => update({ meeting: null })}>
                {t('clear')}
              </button>
            </p>
          ) : null}
          {/* Nothing chosen is the newest first, not "any": a list is always in some order. */}
          <FilterSelect
            name="order"
            label={t('order')}
            none={t(`orderBy.${ORDERS[0]}`)}
            options={ORDERS.slice(1).map((o) => ({ value: o, label: t(`orderBy.${o}`) }))}
          />
        </RegisterFilterForm>
      </FilterFold>
      <Result result={result} ready="oversight-register">
        {({ recommendations: page }) => (
          <>
            <p role="status" aria-live="polite">
              {t('found', { count: page.totalCount })}
            </p>
            <div className="downloads">
              {(['csv', 'xlsx'] as const).map((format) => (
                <DownloadButton
                  key={format}
                  url={reportUrl(`/reports/recommendations.${format}`, i18n.language, asOf, { filter: JSON.stringify(filter) })}
                  filename={`recommendations-${i18n.language}.${format}`}
                  label={t(`download.${format}`)}
                />
              ))}
              {filter.unitId ? (
                <DownloadButton
                  url={reportUrl(`/reports/units/${filter.unitId}/status.pdf`, i18n.language, asOf)}
                  filename={`unit-status-${i18n.language}.pdf`}
                  label={t('download.unitStatus', { unit: org.unitName(filter.unitId) })}
                />
              ) : null}
            </div>
            {/* On a phone each row is a card, every column under its name (the table scrolled sideways and cut the figures). */}
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('registerTitle')}>
              <table className="table-cards">
                <caption className="sr-only">{t('registerTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('number')}</th>
                    <th scope="col">{t('recommendation')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('unit')}</th>
                    <th scope="col">{t('meeting')}</th>
                    <th scope="col" aria-sort={orderBy === 'DUE_DATE_ASC' ? 'ascending' : 'none'}>
                      <button type="button" onClick={() => update({ order: 'DUE_DATE_ASC' })}>
                        {t('due')}
                      </button>
                    </th>
                    <th scope="col">{t('originalDue')}</th>
                    <th scope="col">{t('extensions')}</th>
                    <th
                      scope="col"
                      aria-sort={orderBy === 'ADOPTED_AT_DESC' ? 'descending' : orderBy === 'ADOPTED_AT_ASC' ? 'ascending' : 'none'}
                    >
                      <button type="button" onClick={() => update({ order: orderBy === 'ADOPTED_AT_DESC' ? 'ADOPTED_AT_ASC' : null })}>
                        {t('adoptedAt')}
                      </button>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.edges.map(({ node: r }) => (
                    <tr key={r.id}>
                      <td data-label={t('number')}>{r.number}</td>
                      <td className="card-title">
                        <Link to={keep(`/recommendations/${r.id}`)}>
                          <LocalText value={r.text} />
                        </Link>
                        {r.body ? (
                          <div className="muted">
                            <LocalText value={r.body.name} />
                          </div>
                        ) : null}
                      </td>
                      <td data-label={t('status')}>
                        <StatusBadge status={r.status} overdue={r.overdue} />
                        <Progress percent={r.percent} />
                      </td>
                      <td data-label={t('unit')}>{r.leadUnit ? <LocalText value={r.leadUnit.name} /> : '—'}</td>
                      <td data-label={t('meeting')}>
                        {r.meeting ? (
                          <Link to={keep(`/meetings/${r.meeting.id}`)}>{t('meetingNo', { number: r.meeting.number })}</Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td className="date" data-label={t('due')}>
                        {date(r.dueDate)}
                      </td>
                      <td className="date" data-label={t('originalDue')}>
                        {r.originalDueDate && r.originalDueDate !== r.dueDate ? date(r.originalDueDate) : '—'}
                      </td>
                      <td data-label={t('extensions')}>{r.extensions}</td>
                      <td className="date" data-label={t('adoptedAt')}>
                        {date(r.adoptedAt)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager" aria-label={t('paging')}>
              {after ? (
                <button type="button" onClick={() => update({ after: null })}>
                  {t('firstPage')}
                </button>
              ) : null}
              {page.pageInfo.hasNextPage && page.pageInfo.endCursor ? (
                <button type="button" onClick={() => update({ after: page.pageInfo.endCursor })}>
                  {t('nextPage')}
                </button>
              ) : null}
            </nav>
          </>
        )}
      </Result>
    </>
  );
}
