// One body: who signs in as its secretary, its members, its notification contacts, dissolution.
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../graphql/graphql';
import { BodyMembers } from '../../components/body-members';
import { useCommand } from '../../components/command';
import { ContactsForm } from '../../components/contacts-form';
import { LocalText, pickText } from '../../components/format';
import { Loading } from '../../components/ui';
import { AdminOnly, RoleString, useAdminOrganisation } from './parts';
import { ReasonedEnd } from './unit';

const DissolveBody = graphql(`
  mutation DissolveBody($input: DissolveBodyInput!) {
    dissolveBody(input: $input) {
      body {
        id
        status
      }
    }
  }
`);

export default function AdminBody() {
  const { t, i18n } = useTranslation('admin');
  const { id = '' } = useParams();
  const org = useAdminOrganisation();
  const dissolve = useCommand(DissolveBody);
  const body = org.bodies.find((b) => b.id === id);
  return (
    <AdminOnly>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to="/admin">{t('title')}</Link> › <Link to="/admin/bodies">{t('bodies')}</Link>
      </nav>
      {!org.loaded ? (
        <Loading />
      ) : !body ? (
        <p role="alert">{t('common:notFound')}</p>
      ) : (
        <>
          <h1>
            <LocalText value={body.name} />
          </h1>
          <p className="lead">
            {t(`bodyKind.${body.kind}`)} · {body.region} · {t('body.hostedBy', { unit: org.unitName(body.hostUnitId) })}
            {body.status !== 'ACTIVE' ? <span className="badge">{t('body.dissolved')}</span> : null}
          </p>
          <section aria-labelledby="who-h">
            <h2 id="who-h">{t('body.whoSignsIn')}</h2>
            <p className="muted">{t('body.whoSignsInNote')}</p>
            <RoleString role={`secretary:${body.id}`} who={pickText(body.name, i18n.language).text} />
          </section>
          <section aria-labelledby="members-h">
            <h2 id="members-h">{t('body.members')}</h2>
            <BodyMembers bodyId={body.id} draftKey={`admin.${body.id}`} ready="admin-body" named={false} />
          </section>
          {body.status === 'ACTIVE' ? (
            <>
              <section aria-labelledby="contacts">
                <h2 id="contacts">{t('contacts.heading')}</h2>
                <p className="muted">{t('contacts.bodyNote')}</p>
                <ContactsForm kind="body" id={body.id} />
              </section>
              <section aria-labelledby="end-h">
                <h2 id="end-h">{t('body.dissolve')}</h2>
                <ReasonedEnd
                  open={t('body.dissolve')}
                  label={t('body.dissolve')}
                  confirmLabel={t('body.dissolveConfirm')}
                  question={t('body.dissolveQuestion', { body: pickText(body.name, i18n.language).text })}
                  busy={dissolve.busy}
                  refusal={dissolve.refusal}
                  onSubmit={async (reason) => {
                    if (await dissolve.submit({ bodyId: body.id, reason })) org.refresh();
                  }}
                />
              </section>
            </>
          ) : null}
        </>
      )}
    </AdminOnly>
  );
}
