// A body's public page: its published meetings and figures.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { LocalText } from '../../components/format';
import { Result } from '../../components/ui';
import { HeadlineFigures } from './figures';
import { MeetingList } from './home';
import { BodyQuery } from './page-queries';
import { UpcomingMeetings } from './upcoming';
import { FollowForm } from './follow';

export default function BodyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('public');
  const [result] = useQuery({ query: BodyQuery, variables: { id } });
  return (
    <Result result={result} ready="public-body">
      {({ body, recommendationStats, meetings }) => (
        <>
          <h1>
            <LocalText value={body.name} />
          </h1>
          <p className="muted">{body.region}</p>
          <HeadlineFigures stats={recommendationStats[0]} />
          <p>
            <Link className="more" to={`/recommendations?body=${body.id}`}>
              {t('allRecommendations')}
            </Link>
          </p>
          <UpcomingMeetings bodyId={body.id} />
          <h2>{t('meetings')}</h2>
          <MeetingList meetings={meetings.nodes} />
          {meetings.totalCount > meetings.nodes.length ? (
            <p className="muted">{t('moreMeetings', { count: meetings.totalCount - meetings.nodes.length })}</p>
          ) : null}
          <FollowForm kind="body" id={body.id} />
        </>
      )}
    </Result>
  );
}
