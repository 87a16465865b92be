import { RunningApp } from './app-process';

export interface Uploaded {
  sha256: string;
  name: string;
  size: number;
  mediaType: string;
}

/** POST /files as a browser would: multipart, the file in field "file". */
export async function upload(
  app: RunningApp,
  bearer: string | undefined,
  name: string,
  content: Buffer | string,
  clientType = 'application/octet-stream',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? Buffer.from(content) : content], { type: clientType }), name);
  const res = await fetch(app.url.replace('/graphql', '/files'), {
    method: 'POST',
    body: form,
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Uploads evidence that must be accepted. */
export async function uploadEvidence(app: RunningApp, bearer: string, name: string, content: Buffer | string): Promise<Uploaded> {
  const r = await upload(app, bearer, name, content);
  if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as unknown as Uploaded;
}
