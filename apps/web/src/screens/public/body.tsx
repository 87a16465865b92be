// A body's public page: its published meetings and figures.
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { LocalText } from '../../components/format';
import { Result } from '../../components/ui';
import { HeadlineFigures } from './figures';
import { MeetingList, PublishedMeetingsQuery } from './home';

export function BodyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('public');
  const [result] = useQuery({ query: PublishedMeetingsQuery, variables: { bodyIds: [id], first: 200 } });
  return (
    <Result result={result}>
      {(data) => {
        const meetings = data.meetings.nodes.filter((m) => m.published).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
        const body = meetings[0]?.body;
        if (!body) return <p role="alert">{t('common:notFound')}</p>;
        return (
          <>
            <h1>
              <LocalText value={body.name} />
            </h1>
            <p className="muted">{body.region}</p>
            <HeadlineFigures bodyId={id} />
            <h2>{t('meetings')}</h2>
            <MeetingList meetings={meetings} />
          </>
        );
      }}
    </Result>
  );
}
