import { Browser } from 'playwright-core';
import { RunningApp, gql, token } from '../support/app-process';
import { DESKTOP, NARROW, PHONE, eventually, newPage, problemsOf, screenshot, seriousA11yViolations, sidewaysOverflow } from './browser';
import { devSignIn, startRig, startWebApp, stopRig } from './work';

/** An empty install is set up in the browser by its administrator, in Kazakh, until a secretary can sign in. */
describe("the admin's set-up of a fresh install", () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startWebApp()));
    admin = await token(['admin'], 'Admin');
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('lists the steps still to do on an empty install and leaves the secretary sign-in waiting', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    // Nothing to act for yet: the sign-in says who sets it up.
    await page.goto('/signin');
    await page.getByRole('radio', { name: 'Кеңес хатшысы', exact: true }).check();
    await page.getByText('Әзірге кеңес тіркелмеген: алдымен әкімші ретінде кіріп, кеңес құрыңыз.').waitFor();
    await page.getByRole('radio', { name: 'Полиция бөлімшесі', exact: true }).check();
    await page.getByText('Әзірге бөлімше тіркелмеген: алдымен әкімші ретінде кіріп, бөлімшелерді тіркеңіз.').waitFor();
    await devSignIn(page, /^Әкімші$/);
    await page.getByRole('heading', { level: 1, name: 'Әкімшілік' }).waitFor();
    const steps = page.getByRole('region', { name: 'Баптау' });
    await steps.getByText('Полиция бөлімшелерін тіркеңіз').waitFor();
    await steps.getByText('Консультативтік-кеңесші органды құрып').waitFor();
    await expect(steps.getByText('Орындау керек:').count()).resolves.toBe(2);
    await page.getByText('Бөлімшелер мен кеңестер тіркелгенде рөл жолдары осында шығады.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'kk-desktop-admin-empty');
    await context.close();
  });

  it('registers the department and a district unit under it, establishes the body, appoints its members dated, sets contacts', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await devSignIn(page, /^Әкімші$/);
    await page.getByRole('heading', { level: 1, name: 'Әкімшілік' }).waitFor();
    await page.getByRole('region', { name: 'Баптау' }).getByRole('link', { name: 'Бөлімшелер' }).click();
    await page.getByText('Әзірге бөлімше жоқ.').waitFor();

    const register = async (kk: string, ru: string, kind: string, parent?: string) => {
      const form = page.getByRole('form', { name: 'Бөлімшені тіркеу' });
      await form.getByLabel('Қазақша').fill(kk);
      await form.getByLabel('Орысша').fill(ru);
      await form.getByLabel('Түрі').selectOption({ label: kind });
      if (parent) await form.getByLabel('Қай бөлімшенің құрамында').selectOption({ label: parent });
      await form.getByRole('button', { name: 'Бөлімшені тіркеу' }).click();
      await page.getByRole('heading', { level: 1, name: kk }).waitFor();
      return page.url().split('/').pop()!;
    };
    ids.pd = await register('Қарағанды облысының ПД', 'ДП Карагандинской области', 'полиция департаменті');
    await page.getByRole('link', { name: 'Бөлімшелер' }).click();
    // A district department goes under the department unless told otherwise, not at the top level.
    const parentField = page.getByRole('form', { name: 'Бөлімшені тіркеу' }).getByLabel('Қай бөлімшенің құрамында');
    await eventually(() => expect(parentField.locator('option:checked').textContent()).resolves.toBe('Қарағанды облысының ПД'));
    ids.district = await register('Қазыбек би ауданының ПБ', 'УП района Казыбек би', 'аудандық басқарма');
    await page.getByText('Қарағанды облысының ПД құрамында').waitFor();
    // The unit's sign-in role, ready to copy.
    await page.getByRole('region', { name: 'Бөлімше атынан кім кіреді' }).getByText(`unit:${ids.district}`).waitFor();
    // Renamed, then contacts set.
    await page.getByRole('button', { name: 'Атауын өзгерту' }).click();
    await page.getByRole('form', { name: 'Атауын өзгерту' }).getByLabel('Ағылшынша').fill('Kazybek Bi district police');
    await page.getByRole('button', { name: 'Атауын сақтау' }).click();
    await page.getByRole('button', { name: 'Атауын өзгерту' }).waitFor();
    const contacts = page.getByRole('form', { name: 'Мекенжайлар, тіл, жиынтық' });
    await contacts.getByLabel('Электрондық пошта мекенжайлары').fill('kazybek@police.kz, duty@police.kz');
    await contacts.getByLabel('Хаттардың тілі').selectOption('ru');
    await contacts.getByLabel('Әрқайсысына жеке хат емес').check();
    await contacts.getByRole('button', { name: 'Байланысты сақтау' }).click();
    await page.getByText('Қазір: kazybek@police.kz, duty@police.kz').waitFor();
    await page.setViewportSize(NARROW);
    expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
    await screenshot(page, 'kk-narrow-admin-unit');
    await page.setViewportSize(DESKTOP);

    // A third unit registered by mistake is deactivated, after a reason and a second click.
    await page.getByRole('link', { name: 'Бөлімшелер' }).click();
    ids.wrong = await register('Қате бөлімше', 'Ошибочное подразделение', 'қызмет', 'Қарағанды облысының ПД');
    await page.getByRole('button', { name: 'Бөлімшені белсенді емес ету' }).click();
    const end = page.getByRole('form', { name: 'Бөлімшені белсенді емес ету' });
    await end.getByRole('button', { name: 'Белсенді емес ету' }).click();
    await end.getByText('Себебін көрсетіңіз.').waitFor();
    await end.getByLabel('Себебі').fill('Қате тіркелді');
    await end.getByRole('button', { name: 'Белсенді емес ету' }).click();
    await page.getByText('Белсенді емес', { exact: true }).waitFor();

    // The body, at the department.
    await page.getByRole('link', { name: 'Әкімшілік' }).first().click();
    await page.getByRole('region', { name: 'Баптау' }).getByRole('link', { name: 'Кеңестер' }).click();
    const establish = page.getByRole('form', { name: 'Кеңес құру' });
    // At 360 px the chosen kind reads whole (a select showed "консультативтік-кеңесш…").
    await page.setViewportSize(NARROW);
    const kind = establish.getByRole('radio', { name: 'консультативтік-кеңесші орган' });
    await kind.check();
    const shown = await kind.locator('xpath=..').evaluate((l) => {
      // Runs in Chromium; the root tsconfig type-checks it without the DOM's types.
      const label = l as unknown as { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number } };
      const root = (document as { documentElement: { clientWidth: number } }).documentElement;
      return { hidden: label.scrollWidth - label.clientWidth, past: label.getBoundingClientRect().right - root.clientWidth };
    });
    expect(shown.hidden).toBeLessThanOrEqual(0);
    expect(shown.past).toBeLessThanOrEqual(0);
    expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
    await screenshot(page, 'kk-narrow-admin-establish');
    await page.setViewportSize(DESKTOP);
    await establish.getByLabel('Қазақша').fill('Қарағанды облысы ПД жанындағы ККО');
    await establish.getByLabel('Орысша').fill('КСО при ДП Карагандинской области');
    await establish.getByLabel('Жанындағы бөлімше').selectOption({ label: 'Қарағанды облысының ПД' });
    await establish.getByLabel('Өңір').fill('Қарағанды облысы');
    await establish.getByRole('button', { name: 'Кеңес құру' }).click();
    await page.getByRole('heading', { level: 1, name: 'Қарағанды облысы ПД жанындағы ККО' }).waitFor();
    ids.body = page.url().split('/').pop()!;
    await page.getByText(`secretary:${ids.body}`).waitFor();

    // Members appointed with the date of their order, one removed after a confirmation.
    const appoint = async (name: string, role: string, on: string) => {
      const form = page.getByRole('form', { name: 'Кеңес мүшесін тағайындау' });
      await form.getByLabel('Аты-жөні').fill(name);
      await form.getByLabel('Рөлі').selectOption({ label: role });
      await form.getByLabel('Тағайындалған күні').fill(on);
      await form.getByRole('button', { name: 'Кеңес мүшесін тағайындау' }).click();
      await page.getByRole('rowheader', { name }).waitFor();
    };
    await appoint('Айгуль Шопшеебаева', 'төраға', '2025-03-14');
    await appoint('Марат Секретарев', 'хатшы', '2025-03-14');
    await appoint('Қате Адам', 'мүше', '2025-04-01');
    await eventually(() =>
      expect(page.getByRole('row').filter({ hasText: 'Айгуль Шопшеебаева' }).textContent()).resolves.toContain('14.03.2025'),
    );
    await page.getByRole('button', { name: 'Құрамнан шығару: Қате Адам' }).click();
    const confirm = page.getByRole('group', { name: 'Құрамнан шығару: Қате Адам' });
    await confirm.getByText('Қате Адам кеңес құрамынан шығарылсын ба?').waitFor();
    await confirm.getByRole('button', { name: 'Болдырмау' }).click();
    await page.getByRole('rowheader', { name: 'Қате Адам' }).waitFor();
    await page.getByRole('button', { name: 'Құрамнан шығару: Қате Адам' }).click();
    await confirm.getByRole('button', { name: 'Иә, шығару' }).click();
    await page.getByRole('rowheader', { name: 'Қате Адам' }).waitFor({ state: 'detached' });
    const bodyContacts = page.getByRole('form', { name: 'Мекенжайлар, тіл, жиынтық' });
    await bodyContacts.getByLabel('Электрондық пошта мекенжайлары').fill('kso@police.kz');
    await bodyContacts.getByRole('button', { name: 'Байланысты сақтау' }).click();
    await page.getByText('Қазір: kso@police.kz').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    for (const [viewport, width] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await page.setViewportSize(viewport);
      await screenshot(page, `kk-${width}-admin-body`);
    }
    await page.setViewportSize(NARROW);
    expect(await sidewaysOverflow(page)).toEqual({ by: 0, culprits: [] });
    await page.setViewportSize(DESKTOP);

    // Home: the remaining step is the department's contacts; every role string is there.
    await page.getByRole('link', { name: 'Әкімшілік' }).first().click();
    const steps = page.getByRole('region', { name: 'Баптау' });
    await steps.getByText('2 бөлімше тіркелді.').waitFor();
    await screenshot(page, 'kk-desktop-admin-home');
    await eventually(() => expect(steps.getByText('Орындау керек:').count()).resolves.toBe(1));
    await steps.getByRole('listitem').filter({ hasText: 'Орындау керек:' }).getByText('Қарағанды облысының ПД').waitFor();
    await page.getByText(`secretary:${ids.body}`).waitFor();
    await page.getByText(`unit:${ids.district}`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'kk-desktop-admin-home');
    expect(problemsOf(page)).toEqual([]);
    await context.close();

    // What the API now holds: written through the screens alone.
    const r = await gql(
      app.url,
      'query($b: ID!) { units { id name { kk ru en } parentUnitId status } body(id: $b) { hostUnitId region members { fullName role appointedAt } } }',
      { b: ids.body },
      admin,
    );
    expect(r.data!.units).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: ids.district,
          parentUnitId: ids.pd,
          status: 'ACTIVE',
          name: expect.objectContaining({ en: 'Kazybek Bi district police' }),
        }),
        expect.objectContaining({ id: ids.wrong, status: 'INACTIVE' }),
      ]),
    );
    expect(r.data!.body).toMatchObject({ hostUnitId: ids.pd, region: 'Қарағанды облысы' });
    expect(
      (r.data!.body.members as Array<{ fullName: string; role: string; appointedAt: string }>)
        .map((m) => [m.fullName, m.role, m.appointedAt.slice(0, 10)])
        // Members appointed the same day come back in no particular order.
        .sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ).toEqual([
      ['Айгуль Шопшеебаева', 'CHAIR', '2025-03-14'],
      ['Марат Секретарев', 'SECRETARY', '2025-03-14'],
    ]);
  });

  it('lets the secretary and the unit sign in once the body and the unit exist, in Russian', async () => {
    const { context, page } = await newPage(browser, base, 'ru');
    await devSignIn(page, /^Секретарь совета$/, 'КСО при ДП Карагандинской области');
    await page.getByRole('heading', { level: 1, name: 'Заседания' }).waitFor();
    await devSignIn(page, /^Подразделение полиции$/, 'УП района Казыбек би');
    await page.getByRole('heading', { level: 1, name: 'Входящие рекомендации' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });
});
