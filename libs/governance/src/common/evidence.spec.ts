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
const files: EvidenceFiles = { has: async (sha256) => sha256 === STORED };

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
      requireUploadedEvidence(files, [{ sha256: STORED }, { sha256: 'b'.repeat(64), uri: 'https://x.kz/a' }]),
    ).resolves.toBeUndefined();
    await expect(requireUploadedEvidence(files, undefined)).resolves.toBeUndefined();
  });
  it('an unknown hash without a URI is bad input naming the item', async () => {
    await expect(requireUploadedEvidence(files, [{ sha256: STORED }, { sha256: 'c'.repeat(64), uri: null }])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'evidence[1].sha256' },
    });
  });
});
