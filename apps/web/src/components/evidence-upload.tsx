// Evidence files for a report: each chosen file goes to POST /files (multipart, field `file`) with
// its upload progress shown; the report then cites the stored files by SHA-256 (DESIGN section 8).
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDraft } from '../auth/return-to';
import { getSession } from '../auth/session';
import { useFormat } from './format';

export interface UploadedFile {
  sha256: string;
  name: string;
  size: number;
  mediaType: string;
}

interface Upload {
  key: string;
  name: string;
  loaded: number;
  total: number;
  done?: UploadedFile;
  failed?: string;
}

/** XMLHttpRequest, not fetch: only it reports upload progress. */
function upload(file: File, onProgress: (loaded: number, total: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/files');
    const token = getSession()?.token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          return {};
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as unknown as UploadedFile);
      else reject(new Error(typeof body.code === 'string' ? body.code : `HTTP_${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('NETWORK'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * The files a report will cite, kept as a draft like its typed fields: a sign-in that expires, or a
 * reload, brings back the stored files with the text (they are on the server already). `clear` once sent.
 */
export function useFilesDraft(key: string): [UploadedFile[], (files: UploadedFile[]) => void, () => void] {
  const [json, setJson] = useDraft(key, '[]');
  return [JSON.parse(json) as UploadedFile[], (files) => setJson(JSON.stringify(files)), () => setJson('[]')];
}

/** Takes a file off the list: one stored (not cited then), or one that failed (to choose it again). */
function RemoveUpload({ name, onRemove }: { name: string; onRemove: () => void }) {
  const { t } = useTranslation('unit');
  return (
    <button type="button" aria-label={t('evidence.remove', { name })} onClick={onRemove}>
      ×
    </button>
  );
}

/**
 * A file picker that uploads as soon as files are chosen; `onChange` gets the files stored so far,
 * starting from `initial` (a draft's); remount with a new key to start over.
 */
export function EvidenceUpload({ initial = [], onChange }: { initial?: UploadedFile[]; onChange: (files: UploadedFile[]) => void }) {
  const { t } = useTranslation('unit');
  const { number } = useFormat();
  const id = useId();
  const [uploads, setUploads] = useState<Upload[]>(() =>
    initial.map((done) => ({ key: done.sha256, name: done.name, loaded: done.size, total: done.size, done })),
  );
  const report = useEffectEvent(onChange);
  useEffect(() => {
    const stored = new Map(uploads.flatMap((u) => (u.done ? [[u.done.sha256, u.done] as const] : [])));
    report([...stored.values()]);
  }, [uploads]);
  const patch = (key: string, change: (u: Upload) => Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change(u) } : u)));
  const start = (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    const added = chosen.map((f) => ({ key: `${f.name}-${f.size}-${Math.random()}`, name: f.name, loaded: 0, total: f.size }));
    setUploads((all) => [...all, ...added]);
    chosen.forEach((file, i) => {
      const key = added[i]!.key;
      upload(file, (loaded, total) => patch(key, () => ({ loaded, total })))
        // Full: the request's size (the total) includes the form's framing around the file.
        .then((done) => patch(key, (u) => ({ done, loaded: u.total })))
        .catch((e: Error) => patch(key, () => ({ failed: e.message })));
    });
  };
  return (
    <div className="evidence-upload">
      {/* The browser's own file button speaks the browser's language ("Choose Files", "No file chosen"):
          the input is hidden from sight (still focused and named by the label) and the label is the button. */}
      <label htmlFor={id} className="file-pick">
        <input
          id={id}
          type="file"
          multiple
          onChange={(e) => {
            start(e.target.files);
            // Emptied, so that the same file chosen again (after a failed upload) is taken again.
            e.target.value = '';
          }}
        />
        {t('evidence.choose')}
      </label>{' '}
      {uploads.length ? null : <span className="muted nowrap">{t('evidence.noneChosen')}</span>}
      {uploads.length ? (
        <ul className="uploads">
          {uploads.map((u) => (
            <li key={u.key}>
              <span>{u.name}</span>{' '}
              {u.failed ? (
                <>
                  <span role="alert" className="error">
                    {t(`evidence.failed.${u.failed}`, { defaultValue: t('evidence.failed.other') })}
                  </span>{' '}
                  <RemoveUpload name={u.name} onRemove={() => setUploads((all) => all.filter((x) => x.key !== u.key))} />
                </>
              ) : (
                <>
                  <progress max={u.total || 1} value={u.loaded} aria-label={t('evidence.progress', { name: u.name })} />{' '}
                  <span>{u.done ? t('evidence.stored') : `${number(u.total ? (100 * u.loaded) / u.total : 0)}%`}</span>
                  {u.done ? <RemoveUpload name={u.name} onRemove={() => setUploads((all) => all.filter((x) => x.key !== u.key))} /> : null}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
