// Development sign-in (embedded default only): pick a role and, for a secretary or a unit, which one.
import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Multilingual, pickText } from '../../components/format';
import { ScreenReady } from '../../components/screen-ready';

interface Choices {
  bodies: Array<{ id: string; name: Multilingual }>;
  units: Array<{ id: string; name: Multilingual }>;
}

export function DevSignIn({ onToken }: { onToken: (token: string) => void }) {
  const { t, i18n } = useTranslation('signin');
  const [choices, setChoices] = useState<Choices | null>(null);
  const [role, setRole] = useState('oversight');
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void fetch('/auth/dev/choices')
      .then((r) => r.json() as Promise<Choices>)
      .then(setChoices, () => setError(t('failed')));
  }, [t]);
  const options = role === 'secretary' ? (choices?.bodies ?? []) : role === 'unit' ? (choices?.units ?? []) : [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const fullRole = role === 'secretary' || role === 'unit' ? `${role}:${target || options[0]?.id || ''}` : role;
    const res = await fetch('/auth/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: fullRole, name: name || t(`role.${role}`) }),
    });
    const body = (await res.json()) as { token?: string; message?: string };
    if (!res.ok || !body.token) return setError(body.message ?? t('failed'));
    onToken(body.token);
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="form" aria-labelledby="dev-signin">
      <h2 id="dev-signin">{t('devTitle')}</h2>
      {choices ? <ScreenReady name="signin" /> : null}
      <p className="muted">{t('devNote')}</p>
      <fieldset>
        <legend>{t('roleLegend')}</legend>
        {['admin', 'oversight', 'secretary', 'unit'].map((r) => (
          <label key={r} className="radio">
            <input
              type="radio"
              name="role"
              value={r}
              checked={role === r}
              onChange={() => {
                setRole(r);
                setTarget('');
              }}
            />
            {t(`role.${r}`)}
          </label>
        ))}
      </fieldset>
      {role === 'secretary' || role === 'unit' ? (
        <label>
          {role === 'secretary' ? t('whichBody') : t('whichUnit')}
          <select value={target} onChange={(e) => setTarget(e.target.value)} required>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {pickText(o.name, i18n.language).text}
              </option>
            ))}
          </select>
          {options.length === 0 ? <span className="muted">{t(role === 'secretary' ? 'noneYetBody' : 'noneYetUnit')}</span> : null}
        </label>
      ) : null}
      <label>
        {t('yourName')}
        <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={!choices || ((role === 'secretary' || role === 'unit') && options.length === 0)}>
        {t('signInAs', { role: t(`role.${role}`) })}
      </button>
    </form>
  );
}
