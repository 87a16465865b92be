import { DEFAULT_RULES } from './rules';
import { renderMessage } from './messages';
import { digestMoment, renderDigest } from './digest';

const subject = { kind: 'recommendation' as const, id: 'r1', number: '3/2026-1', text: { ru: 'Улучшить работу' }, dueDate: '2026-04-30' };

describe('messages', () => {
  it("say the deployment's number of days, not a fixed one", () => {
    const rules = { ...DEFAULT_RULES, dueSoonDays: 10, escalationDays: 30 };
    expect(renderMessage('DUE_SOON', subject, 'en', 'https://kso.example', rules).subject).toBe(
      'Recommendation 3/2026-1: is due in 10 days (2026-04-30)',
    );
    expect(renderMessage('OVERDUE_ESCALATION', subject, 'kk', 'https://kso.example', rules).subject).toBe(
      'Ұсыным 3/2026-1: мерзімі 30 күннен астам өтіп кетті (мерзімі 2026-04-30)',
    );
  });
});

describe('the daily digest', () => {
  it('lists each reminder with its link, in Russian, as text and HTML', () => {
    const digest = renderDigest(
      '2026-03-03',
      [
        { rule: 'DUE_TOMORROW', subject },
        { rule: 'MINUTES_NOT_APPROVED', subject: { kind: 'meeting', id: 'm1', number: '2/2026', text: null, dueDate: null } },
      ],
      'ru',
      'https://kso.example/',
    );
    expect(digest.subject).toBe('Сводка за 2026-03-03: напоминаний — 2');
    expect(digest.text).toBe(
      'Сводка за 2026-03-03: напоминаний — 2\n\nЧто наступило со времени прошлой сводки:\n\n' +
        '- Рекомендация 3/2026-1: срок исполнения завтра (2026-04-30)\n  https://kso.example/recommendations/r1\n\n' +
        '- Заседание 2/2026: протокол ещё не утверждён\n  https://kso.example/meetings/m1',
    );
    expect(digest.html).toContain('<li><a href="https://kso.example/meetings/m1">Заседание 2/2026: протокол ещё не утверждён</a></li>');
  });

  it('is for the latest digest hour in the deployment time zone', () => {
    const schedule = { hour: 8, timeZone: 'Asia/Almaty' };
    expect(digestMoment(Date.parse('2026-03-03T02:59:59Z'), schedule)).toEqual({ day: '2026-03-02', at: '2026-03-02T03:00:00.000Z' });
    expect(digestMoment(Date.parse('2026-03-03T03:00:00Z'), schedule)).toEqual({ day: '2026-03-03', at: '2026-03-03T03:00:00.000Z' });
    expect(digestMoment(Date.parse('2026-03-03T20:00:00Z'), { hour: 0, timeZone: 'Asia/Almaty' }).day).toBe('2026-03-04');
  });
});
