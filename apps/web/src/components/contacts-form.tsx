// Where a unit's or a body's reminders go: addresses, the language they are written in, and one
// daily digest instead of a message each. The read model does not keep contacts, so the form starts
// from the stream's last ContactsSet event (the admin may read every stream's history).
import { FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, MAX_CONTACT_EMAILS } from '@gov/domain/common/contacts';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import { RefusalNote, useCommand } from './command';
import './forms.css';

const ContactsHistory = graphql(`
  query ContactsHistory($streamId: String!) {
    history(streamId: $streamId) {
      type
      data
    }
  }
`);
const SetUnitContacts = graphql(`
  mutation SetUnitContacts($input: SetUnitContactsInput!) {
    setUnitContacts(input: $input) {
      unit {
        id
        revision
      }
    }
  }
`);
const SetBodyContacts = graphql(`
  mutation SetBodyContacts($input: SetBodyContactsInput!) {
    setBodyContacts(input: $input) {
      body {
        id
        revision
      }
    }
  }
`);

export interface Contacts {
  emails: string[];
  language: (typeof LANGUAGES)[number];
  digest: boolean;
}

/** The contacts last set on a unit's or body's stream, or null when none were ever set. */
export function useContacts(kind: 'unit' | 'body', id: string) {
  const [result, refetch] = useQuery({ query: ContactsHistory, variables: { streamId: `${kind}-${id}` } });
  const last = result.data?.history.filter((e) => e.type === (kind === 'unit' ? 'UnitContactsSet' : 'BodyContactsSet')).pop();
  const contacts = last ? (JSON.parse(last.data) as Contacts) : null;
  return { contacts, loaded: !!result.data, refetch: () => refetch({ requestPolicy: 'network-only' }) };
}

const split = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function Form({ kind, id, initial, onSaved }: { kind: 'unit' | 'body'; id: string; initial: Contacts | null; onSaved: () => void }) {
  const { t } = useTranslation('admin');
  const formId = useId();
  const unit = useCommand(SetUnitContacts);
  const body = useCommand(SetBodyContacts);
  const command = kind === 'unit' ? unit : body;
  const [emails, setEmails] = useState((initial?.emails ?? []).join('\n'));
  const [language, setLanguage] = useState<string>(initial?.language ?? 'kk');
  const [digest, setDigest] = useState(initial?.digest ?? false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const list = split(emails);
    if (list.length > MAX_CONTACT_EMAILS) return setProblem(t('contacts.tooMany', { max: MAX_CONTACT_EMAILS }));
    setProblem(null);
    const input = { emails: list, language: language as Contacts['language'], digest };
    const ok = kind === 'unit' ? await unit.submit({ ...input, unitId: id }) : await body.submit({ ...input, bodyId: id });
    if (ok) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby={`${formId}-h`} noValidate>
      <h3 id={`${formId}-h`}>{t('contacts.title')}</h3>
      <label>
        {t('contacts.emails')}
        <textarea rows={3} value={emails} onChange={(e) => setEmails(e.target.value)} aria-describedby={`${formId}-hint`} />
      </label>
      <span id={`${formId}-hint`} className="muted">
        {t('contacts.emailsHint')}
      </span>
      {problem ? <span className="error">{problem}</span> : null}
      <label>
        {t('contacts.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`common:languageName.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} />
        {t('contacts.digest')}
      </label>
      <button type="submit" className="primary" aria-busy={command.busy}>
        {t('contacts.save')}
      </button>
      <RefusalNote refusal={command.refusal} />
      {saved ? (
        <p role="status" className="notice">
          {t('contacts.saved')}
        </p>
      ) : null}
    </form>
  );
}

/** The contacts form of one unit or body, filled with what is set now. */
export function ContactsForm({ kind, id }: { kind: 'unit' | 'body'; id: string }) {
  const { t } = useTranslation('admin');
  const { contacts, loaded, refetch } = useContacts(kind, id);
  if (!loaded) return null;
  return (
    <>
      <p className="muted">
        {contacts?.emails.length ? t('contacts.current', { list: contacts.emails.join(', ') }) : t('contacts.noneSet')}
      </p>
      <Form kind={kind} id={id} initial={contacts} onSaved={refetch} />
    </>
  );
}
