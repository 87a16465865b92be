// The pages the links in every follower's message open (confirm, unsubscribe, erase), without
// signing in. Each acts only on its button, so a mail scanner opening the link does nothing.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../graphql/graphql';
import { Refusal, RefusalNote, refusalOf } from '../../components/command';

const ConfirmFollow = graphql(`
  mutation ConfirmFollow($input: FollowerLinkInput!) {
    confirmFollow(input: $input) {
      done
    }
  }
`);
const Unfollow = graphql(`
  mutation Unfollow($input: FollowerLinkInput!) {
    unfollow(input: $input) {
      done
    }
  }
`);
const EraseFollower = graphql(`
  mutation EraseFollower($input: EraseFollowerInput!) {
    eraseFollower(input: $input) {
      followersErased
    }
  }
`);

type LinkAction = 'confirm' | 'unsubscribe' | 'erase';

/** The page a message's link opens: what it does, one button, and the outcome. */
export default function FollowLinkPage() {
  const action = useLocation().pathname.split('/').pop() as LinkAction;
  const { t } = useTranslation('follow');
  const [params] = useSearchParams();
  const input = { followerId: params.get('f') ?? '', token: params.get('t') ?? '' };
  const [, confirm] = useMutation(ConfirmFollow);
  const [, unfollow] = useMutation(Unfollow);
  const [, erase] = useMutation(EraseFollower);
  const [state, setState] = useState<'ready' | 'busy' | 'done'>('ready');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const run = async () => {
    setState('busy');
    setRefusal(null);
    const result =
      action === 'confirm' ? await confirm({ input }) : action === 'unsubscribe' ? await unfollow({ input }) : await erase({ input });
    if (result.error) {
      setRefusal(refusalOf(result.error));
      setState('ready');
    } else setState('done');
  };
  const done = { confirm: 'page.confirmed', unsubscribe: 'page.unsubscribed', erase: 'page.erased' }[action];
  return (
    <>
      <h1>{t(`page.${action}Title`)}</h1>
      {!input.followerId || !input.token ? (
        <p role="alert" className="error">
          {t('page.badLink')}
        </p>
      ) : (
        <>
          {action === 'erase' ? <p>{t('page.eraseHelp')}</p> : null}
          {state === 'done' ? (
            <p role="status">{t(done)}</p>
          ) : (
            <button
              type="button"
              className={action === 'erase' ? 'danger' : 'primary'}
              onClick={() => void run()}
              disabled={state === 'busy'}
            >
              {t(`page.${action}Action`)}
            </button>
          )}
          {refusal?.code === 'NOT_FOUND' ? (
            <p role="alert" className="error">
              {t('page.badLink')}
            </p>
          ) : (
            <RefusalNote refusal={refusal} />
          )}
        </>
      )}
    </>
  );
}
