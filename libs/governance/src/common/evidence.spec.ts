import { ANONYMOUS, Actor } from './actor';
import { GovernanceError } from './errors';
import { EvidenceFiles, evidenceDownload, requireEvidenceUploader, requireUploadedEvidence } from './evidence';

const U = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const as = (...roles: string[]): Actor => ({ sub: `user-${roles.join(',')}`, name: 'x', roles });
const STORED = 'a'.repeat(64);
const refusal = (actor: Actor) => {
  try {
    requireEvidenceUploader(actor);
    return null;
  } catch (error) {
    return (error as GovernanceError).code;
  }
};
const files: EvidenceFiles = { facts: async (sha256) => (sha256 === STORED ? { owners: null, cited: false } : null) };
const UNIT = `unit:${U}`;

describe('who may upload evidence', () => {
  it.each([[as(`unit:${U}`)], [as(`secretary:${B}`)]])('a unit or a secretary may (%j)', (actor) => expect(refusal(actor)).toBeNull());
  it.each([[as('oversight')], [as('admin')], [as()]])('nobody else may (%j)', (actor) => expect(refusal(actor)).toBe('FORBIDDEN'));
  it('anonymous must sign in', () => expect(refusal(ANONYMOUS)).toBe('UNAUTHENTICATED'));
});

describe('who may download evidence', () => {
  const published = [{ kind: 'EVIDENCE' as const, published: true }];
  const unpublished = [{ kind: 'EVIDENCE' as const, published: false }];
  const publishedPaper = [{ kind: 'PAPER' as const, published: true }];
  const unpublishedPaper = [{ kind: 'PAPER' as const, published: false }];
  it('anyone with a role gets a cited file', () => {
    for (const actor of [as(`unit:${U}`), as(`secretary:${B}`), as('oversight')]) {
      expect(evidenceDownload(actor, published)).toBe('SERVE');
      expect(evidenceDownload(actor, unpublished)).toBe('SERVE');
    }
  });
  it('anonymous readers are refused the contents of published evidence, and do not learn of unpublished evidence', () => {
    expect(evidenceDownload(ANONYMOUS, published)).toBe('FORBIDDEN');
    expect(evidenceDownload(ANONYMOUS, [...unpublished, ...published])).toBe('FORBIDDEN');
    expect(evidenceDownload(ANONYMOUS, unpublished)).toBe('NOT_FOUND');
    expect(evidenceDownload(as(), published)).toBe('FORBIDDEN');
  });
  it('a published meeting’s paper is anyone’s to download, an unpublished one only a signed-in reader’s', () => {
    expect(evidenceDownload(ANONYMOUS, publishedPaper)).toBe('SERVE');
    expect(evidenceDownload(ANONYMOUS, [...published, ...publishedPaper])).toBe('SERVE');
    expect(evidenceDownload(ANONYMOUS, unpublishedPaper)).toBe('NOT_FOUND');
    expect(evidenceDownload(ANONYMOUS, [...published, ...unpublishedPaper])).toBe('FORBIDDEN');
    expect(evidenceDownload(as('oversight'), unpublishedPaper)).toBe('SERVE');
  });
  it('a file nobody cites is not found but by an administrator', () => {
    expect(evidenceDownload(as(`unit:${U}`), [])).toBe('NOT_FOUND');
    expect(evidenceDownload(as('oversight'), [])).toBe('NOT_FOUND');
    expect(evidenceDownload(as('admin'), [])).toBe('SERVE');
  });
});

describe('evidence in a report', () => {
  it('names an uploaded file or carries a URI', async () => {
    await expect(
      requireUploadedEvidence(files, UNIT, [{ sha256: STORED }, { sha256: 'b'.repeat(64), uri: 'https://x.kz/a' }]),
    ).resolves.toBeUndefined();
    await expect(requireUploadedEvidence(files, UNIT, undefined)).resolves.toBeUndefined();
  });
  it('an unknown hash without a URI is bad input naming the item', async () => {
    await expect(requireUploadedEvidence(files, UNIT, [{ sha256: STORED }, { sha256: 'c'.repeat(64), uri: null }])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'evidence[1].sha256' },
    });
  });

  const OTHER = 'unit:33333333-3333-4333-8333-333333333333';
  const owned = (owners: string[] | null, cited = false): EvidenceFiles => ({
    facts: async (sha256) => (sha256 === STORED ? { owners, cited } : null),
  });
  const refusal = async (store: EvidenceFiles, scope: string, item: { sha256: string; uri?: string }) => {
    try {
      await requireUploadedEvidence(store, scope, [item]);
      return 'CITED';
    } catch (error) {
      const { code, message } = error as GovernanceError;
      return { code, message: message.replace(item.sha256, '<sha>') };
    }
  };

  it("a unit cannot cite a file only another unit or a body uploaded, and nobody cited; the answer is an unknown file's", async () => {
    const unknown = await refusal(owned([OTHER]), UNIT, { sha256: 'c'.repeat(64) });
    expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refusal(owned([OTHER]), UNIT, { sha256: STORED })).toEqual(unknown);
    expect(await refusal(owned([`body:${B}`]), UNIT, { sha256: STORED })).toEqual(unknown);
  });

  it('every scope that uploaded the bytes may cite them; once cited, or stored before owners were kept, anyone may', async () => {
    expect(await refusal(owned([OTHER, UNIT]), UNIT, { sha256: STORED })).toBe('CITED');
    expect(await refusal(owned([OTHER, UNIT]), OTHER, { sha256: STORED })).toBe('CITED');
    expect(await refusal(owned([OTHER], true), UNIT, { sha256: STORED })).toBe('CITED');
    expect(await refusal(owned(null), UNIT, { sha256: STORED })).toBe('CITED');
  });

  it('a citation with a URI is accepted whatever the hash, as it serves no stored bytes', async () => {
    expect(await refusal(owned([OTHER]), UNIT, { sha256: STORED, uri: 'https://x.kz/a' })).toBe('CITED');
    expect(await refusal(owned([OTHER]), UNIT, { sha256: 'c'.repeat(64), uri: 'https://x.kz/a' })).toBe('CITED');
  });
});
