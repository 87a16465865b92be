// Following by email, without signing in: the form on a recommendation's and a body's page (the
// pages a message's links open are follow-link.tsx).
import { FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql/graphql';
import { LANGUAGES, Language } from '../../i18n';
import { Refusal, RefusalNote, refusalOf } from '../../components/command';
import '../../components/forms.css';

const FollowRecommendation = graphql(`
  mutation FollowRecommendation($input: FollowRecommendationInput!) {
    followRecommendation(input: $input) {
      accepted
    }
  }
`);
const FollowBody = graphql(`
  mutation FollowBody($input: FollowBodyInput!) {
    followBody(input: $input) {
      accepted
    }
  }
`);

/** The form: an address and the messages' language; the answer is the same whatever the address. */
export function FollowForm({ kind, id }: { kind: 'recommendation' | 'body'; id: string }) {
  const { t, i18n } = useTranslation('follow');
  const headingId = useId();
  const [, followRecommendation] = useMutation(FollowRecommendation);
  const [, followBody] = useMutation(FollowBody);
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<Language>(
    (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'kk',
  );
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSent(false);
    setRefusal(null);
    const result =
      kind === 'recommendation'
        ? await followRecommendation({ input: { recommendationId: id, email, language } })
        : await followBody({ input: { bodyId: id, email, language } });
    setBusy(false);
    if (result.error) setRefusal(refusalOf(result.error));
    else {
      setSent(true);
      setEmail('');
    }
  };
  return (
    <section aria-labelledby={headingId} className="follow">
      <h2 id={headingId}>{t(kind === 'recommendation' ? 'form.titleRecommendation' : 'form.titleBody')}</h2>
      <p className="muted">{t('form.help')}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          {t('form.email')}
          <input type="email" autoComplete="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          {t('form.language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`common:languageName.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('form.submit')}
        </button>
      </form>
      <p role="status">{sent ? t('form.sent') : ''}</p>
      <RefusalNote refusal={refusal} />
    </section>
  );
}
