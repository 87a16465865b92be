// The body's members, as its secretary manages them (the same component the admin uses).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BodyMembers } from '../../components/body-members';
import { useBodyScope } from './body-scope';

export default function SecretaryMembers() {
  const { t } = useTranslation('secretary');
  const { bodyId } = useBodyScope();
  if (!bodyId) return <p role="alert">{t('noBody')}</p>;
  return (
    <>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to={`/secretary?body=${bodyId}`}>{t('meetings.title')}</Link>
      </nav>
      <h1>{t('members.title')}</h1>
      <BodyMembers bodyId={bodyId} draftKey="secretary" ready="secretary-members" />
    </>
  );
}
