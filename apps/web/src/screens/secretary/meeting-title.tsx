// The meeting's title as its secretary keeps it: shown under the number, changed later through a
// form opened on demand (changeMeetingTitle; a cancelled meeting keeps the title it had).
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { graphql } from '../../graphql/graphql';
import { RefusalNote, useCommand } from '../../components/command';
import { LocalText } from '../../components/format';
import { LangField } from '../../components/lang-field';
import { Ctx } from './meeting-data';

const ChangeTitle = graphql(`
  mutation ChangeTitle($input: ChangeMeetingTitleInput!) {
    changeMeetingTitle(input: $input) {
      revision
    }
  }
`);

export function MeetingTitle({ m, done }: Pick<Ctx, 'm' | 'done'>) {
  const { t } = useTranslation('secretary');
  const [editing, setEditing] = useState(false);
  const [kk, setKk] = useState('');
  const [ru, setRu] = useState('');
  const [empty, setEmpty] = useState(false);
  const change = useCommand(ChangeTitle);
  const open = () => {
    // The form starts from the title as it stands, so a typo is fixed without retyping the rest.
    setKk(m.title?.kk ?? '');
    setRu(m.title?.ru ?? '');
    setEmpty(false);
    change.clear();
    setEditing(true);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const title = { kk: kk.trim() || undefined, ru: ru.trim() || undefined, en: m.title?.en ?? undefined };
    setEmpty(!title.kk && !title.ru);
    if (!title.kk && !title.ru) return;
    const data = await change.submit({ meetingId: m.id, expectedRevision: m.revision, title });
    if (data) {
      setEditing(false);
      done(data.changeMeetingTitle);
    }
  };
  const canChange = m.status !== 'CANCELLED';
  if (editing)
    return (
      <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby="title-h" noValidate>
        <h2 id="title-h">{t('meetingTitle.heading')}</h2>
        <LangField label={t('schedule.titleKk')} lang="kk" value={kk} onChange={setKk} maxLength={LIMITS.text} />
        <LangField label={t('schedule.titleRu')} lang="ru" value={ru} onChange={setRu} maxLength={LIMITS.text} />
        {empty ? (
          <p role="alert" className="error">
            {t('meetingTitle.required')}
          </p>
        ) : null}
        <div className="row-actions">
          <button type="submit" className="primary" aria-busy={change.busy}>
            {t('meetingTitle.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('common:cancel')}
          </button>
        </div>
        <RefusalNote refusal={change.refusal} />
      </form>
    );
  return (
    <p className="meeting-title">
      {m.title ? <LocalText value={m.title} /> : <span className="muted">{t('meetingTitle.none')}</span>}{' '}
      {canChange ? (
        <button type="button" onClick={open}>
          {m.title ? t('meetingTitle.change') : t('meetingTitle.add')}
        </button>
      ) : null}
    </p>
  );
}
