import { DEFAULT_RULES } from './rules';
import { renderMessage } from './messages';

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
