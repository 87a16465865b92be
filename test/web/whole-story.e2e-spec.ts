import { Browser } from 'playwright-core';
import { RunningApp, gql, token } from '../support/app-process';
import { mutate } from '../support/scenario';
import {
  NARROW,
  PHONE,
  eventually,
  figure,
  newPage,
  problemsOf,
  screenshot,
  seriousA11yViolations,
  sidewaysOverflow,
  smallTapTargets,
} from './browser';
import { SAMPLE_PDF, devSignIn, startRig, startWebApp, stopRig } from './work';

/**
 * The people's product from an empty install, through the browser alone, in Kazakh: the admin sets
 * up the units, the body and its members; the secretary prepares, holds, records and publishes a
 * meeting; units accept, dispute, report progress with a file and ask for an extension; the
 * secretary decides, returns once (the unit sees why) and verifies; oversight sees the figures
 * change; the public sees the meeting.
 */
describe('the whole story from an empty install, in the browser', () => {
  let app: RunningApp;
  let base: string;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ app, browser, base } = await startRig(startWebApp()));
  }, 180_000);
  afterAll(() => stopRig(browser, app));

  it('the admin sets up the department, three units, the body and its members', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await devSignIn(page, 'Әкімші');
    await page.getByRole('heading', { level: 1, name: 'Әкімшілік' }).waitFor();
    const register = async (kk: string, ru: string, kind: string, parent?: string) => {
      await page.goto('/admin/units');
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
    ids.unitA = await register('Қазыбек би ауданының ПБ', 'УП района Казыбек би', 'аудандық басқарма', 'Қарағанды облысының ПД');
    ids.unitB = await register('Әкімшілік полиция басқармасы', 'Управление административной полиции', 'қызмет', 'Қарағанды облысының ПД');
    ids.unitC = await register('Көші-қон қызметі', 'Миграционная служба', 'қызмет', 'Қарағанды облысының ПД');

    await page.goto('/admin/bodies');
    const establish = page.getByRole('form', { name: 'Кеңес құру' });
    await establish.getByLabel('Қазақша').fill('Қарағанды облысы ПД жанындағы ККО');
    await establish.getByLabel('Орысша').fill('КСО при ДП Карагандинской области');
    await establish.getByLabel('Жанындағы бөлімше').selectOption({ label: 'Қарағанды облысының ПД' });
    await establish.getByLabel('Өңір').fill('Қарағанды облысы');
    await establish.getByRole('button', { name: 'Кеңес құру' }).click();
    await page.getByRole('heading', { level: 1, name: 'Қарағанды облысы ПД жанындағы ККО' }).waitFor();
    ids.body = page.url().split('/').pop()!;
    for (const [name, role] of [
      ['Айгуль Шопшеебаева', 'төраға'],
      ['Марат Секретарев', 'хатшы'],
      ['Арман Бердагулов', 'мүше'],
    ]) {
      const form = page.getByRole('form', { name: 'Кеңес мүшесін тағайындау' });
      await form.getByLabel('Аты-жөні').fill(name!);
      await form.getByLabel('Рөлі').selectOption({ label: role! });
      await form.getByLabel('Тағайындалған күні').fill('01.09.2025');
      await form.getByRole('button', { name: 'Кеңес мүшесін тағайындау' }).click();
      await page.getByRole('rowheader', { name: name! }).waitFor();
    }
    await page.getByText(`secretary:${ids.body}`).waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('the secretary prepares, holds and records the meeting, recovers a refused assignment, approves and publishes', async () => {
    const { context, page } = await newPage(browser, base, 'kk');
    await devSignIn(page, 'Кеңес хатшысы', 'Қарағанды облысы ПД жанындағы ККО');
    await page.getByRole('heading', { level: 1, name: 'Отырыстар' }).waitFor();
    await page.getByText('Әзірге отырыс жоқ.', { exact: false }).waitFor();
    const schedule = page.getByRole('form', { name: 'Отырысты жоспарлау' });
    await schedule.getByLabel('Нөмірі').fill('1/2026');
    await schedule.getByLabel('Тақырыбы (қазақша)').fill('Қоғамдық тәртіп және жол қауіпсіздігі');
    await schedule.getByLabel('Күні мен уақыты').fill('05.02.2026 10:00');
    await schedule.getByLabel('Өтетін орны').fill('Қарағанды, ПД, мәжіліс залы');
    await schedule.getByRole('button', { name: 'Жоспарлау' }).click();
    await page.getByRole('heading', { level: 1, name: '№ 1/2026 отырыс' }).waitFor();
    ids.meeting = page.url().split('/').pop()!;
    await page.getByText('Қоғамдық тәртіп және жол қауіпсіздігі').waitFor();
    // One step at a time: preparing, the holding form closed, no report-back (no earlier meeting).
    await page.locator('.stepper [aria-current="step"]').getByText('Күн тәртібі').waitFor();
    await expect(page.getByRole('button', { name: /есеп беру мәселесін қосу/ }).count()).resolves.toBe(0);
    const add = page.getByRole('form', { name: 'Мәселе қосу' });
    await add.getByLabel('Мәселе (қазақша)').fill('Қоғамдық тәртіпті сақтау');
    await add.getByRole('button', { name: 'Мәселе қосу' }).click();
    await page.locator('.agenda-edit li', { hasText: 'Қоғамдық тәртіпті сақтау' }).waitFor();
    await screenshot(page, 'kk-phone-story-meeting-prepare');
    await page.getByRole('button', { name: 'Отырысты өткізілді деп белгілеу' }).click();
    await page.getByLabel(/Айгуль Шопшеебаева/).check();
    await page.getByLabel(/Марат Секретарев/).check();
    await page.getByText('3 мүшенің 2 қатысты — кворум бар').waitFor();
    await page.getByRole('button', { name: 'Өткізілді деп белгілеу' }).click();
    // Recording it held cannot be undone: asked once more.
    await page.getByRole('button', { name: 'Иә, өткізілді деп белгілеу' }).click();
    await page.getByRole('heading', { name: 'Қатысу' }).waitFor();

    const item = page.getByRole('region', { name: '1. Қоғамдық тәртіпті сақтау' });
    await item.getByLabel('Хаттама (қазақша)').fill('Учаскелік инспекторлардың есебі тыңдалды.');
    await item.getByRole('button', { name: 'Хаттаманы сақтау' }).click();
    await item.getByText('Мәселе бойынша хаттама сақталды.').waitFor();
    const adopt = async (number: string, text: string, lead: string, due: string, priority?: string) => {
      await item.getByRole('button', { name: 'Ұсыным қабылдау' }).click();
      const form = item.getByRole('form', { name: 'Ұсыным қабылдау' });
      // Every adoption starts clean: nothing kept from the one before.
      await expect(form.getByLabel('Басымдығы').inputValue()).resolves.toBe('NORMAL');
      await expect(form.getByLabel('Нөмірі').inputValue()).resolves.toBe('');
      await form.getByLabel('Нөмірі').fill(number);
      await form.getByLabel('Мәтіні (қазақша)').fill(text);
      if (priority) await form.getByLabel('Басымдығы').selectOption({ label: priority });
      await form.getByLabel('Негізгі орындаушы').selectOption({ label: lead });
      if (due) await form.getByLabel('Мерзімі').fill(due);
      return form;
    };
    let form = await adopt('1', 'Ауладағы бейнебақылауды кеңейту', 'Қазыбек би ауданының ПБ', '2027-03-31', 'Жоғары');
    await form.getByRole('button', { name: 'Ұсынымды қабылдау' }).click();
    await item.getByRole('link', { name: '№ 1 Ауладағы бейнебақылауды кеңейту' }).waitFor();
    form = await adopt('2', 'Мектеп маңында патрульдеуді күшейту', 'Әкімшілік полиция басқармасы', '2027-01-31');
    await form.getByRole('button', { name: 'Ұсынымды қабылдау' }).click();
    await item.getByRole('link', { name: '№ 2 Мектеп маңында патрульдеуді күшейту' }).waitFor();
    // The third is meant for the migration service, deactivated by another administrator while the form is open:
    // adopted, its assignment refused; it stays on the page without a unit, with the reason and an assign action.
    form = await adopt('3', 'Шетелдіктерді тіркеу тәртібін түсіндіру', 'Көші-қон қызметі', '2027-02-28');
    await mutate(
      app,
      'deactivateUnit',
      { unitId: ids.unitC, reason: 'Қайта ұйымдастырылды' },
      await token(['admin'], 'Екінші әкімші'),
      'unit { id }',
    );
    await form.getByRole('button', { name: 'Ұсынымды қабылдау' }).click();
    const stranded = item.getByRole('form', { name: '№ 3 ұсынымның орындаушысын тағайындау' });
    await stranded.getByText('Бөлімше белсенді емес.').waitFor();
    // In the reader's words only: not the server's English with the unit's id.
    await expect(stranded.getByText(/is deactivated/).count()).resolves.toBe(0);
    await expect(stranded.getByLabel('Мерзімі').inputValue()).resolves.toBe('28.02.2027');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'kk-desktop-story-meeting-assign-refused');
    // Left for the work queue, where recommendations without a unit are a section of their own.
    await page.getByRole('button', { name: 'Хаттаманы бекіту' }).click();
    await page.getByRole('button', { name: 'Иә, бекіту' }).click();
    await page.getByRole('button', { name: 'Жариялау' }).click();
    await page.getByRole('button', { name: 'Иә, жариялау' }).click();
    await page.getByText('Жарияланды: барлығына қолжетімді.').waitFor();

    await page.goto(`/secretary/queue?body=${ids.body}`);
    const unassigned = page.getByRole('region', { name: 'Орындаушысыз (1)' });
    await unassigned.getByRole('button', { name: 'Тағайындау' }).click();
    await unassigned.getByText('Негізгі орындаушыны таңдаңыз.').waitFor();
    await unassigned.getByLabel('Негізгі орындаушы').selectOption({ label: 'Әкімшілік полиция басқармасы' });
    await unassigned.getByLabel('Мерзімі').fill('28.02.2027');
    await unassigned.getByRole('button', { name: 'Тағайындау' }).click();
    await page.getByRole('region', { name: 'Орындаушысыз (0)' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
    await context.close();

    const meeting = await gql(
      app.url,
      'query($id: ID!) { meeting(id: $id) { published recommendations { id number status leadUnitId dueDate priority } } }',
      { id: ids.meeting },
      await token(['oversight']),
    );
    const recs = meeting.data!.meeting.recommendations as Array<{
      id: string;
      number: string;
      status: string;
      leadUnitId: string;
      priority: string;
    }>;
    for (const r of recs) ids[`rec${r.number}`] = r.id;
    expect(recs.map((r) => [r.number, r.status, r.leadUnitId, r.priority]).sort()).toEqual([
      ['1', 'ASSIGNED', ids.unitA, 'HIGH'],
      ['2', 'ASSIGNED', ids.unitB, 'NORMAL'],
      ['3', 'ASSIGNED', ids.unitB, 'NORMAL'],
    ]);
  }, 180_000);

  it('units accept, dispute, report progress with a file and ask for an extension; the secretary decides and withdraws after a confirmation', async () => {
    const a = await newPage(browser, base, 'kk', PHONE);
    await devSignIn(a.page, 'Полиция бөлімшесі', 'Қазыбек би ауданының ПБ');
    await a.page.getByRole('heading', { level: 1, name: 'Кіріс ұсынымдар' }).waitFor();
    await a.page
      .getByRole('region', { name: 'Ашық: 1' })
      .getByRole('link', { name: /Ауладағы бейнебақылауды кеңейту/ })
      .click();
    await a.page.getByRole('heading', { level: 1, name: '№ 1 ұсыным' }).waitFor();
    await a.page.getByRole('region', { name: 'Орындауға қабылдау' }).getByRole('button', { name: 'Қабылдау' }).click();
    await a.page.getByText('Ұсыным орындауға қабылданды.').waitFor();
    const progress = a.page.getByRole('region', { name: 'Орындалу барысы туралы баяндау' });
    await progress.getByLabel('Орындалды, %').fill('50');
    await progress.getByLabel('Не істелді').fill('Камералар сатып алынды');
    // The file picker speaks Kazakh, not the browser's "Choose Files / No file chosen".
    await progress.getByText('Файл таңдалмаған').waitFor();
    await progress.getByLabel('Файлдарды тіркеу').setInputFiles({ name: 'шот.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await progress.getByText('жүктелді').waitFor();
    await progress.getByRole('button', { name: 'Баяндаманы жіберу' }).click();
    await a.page.getByText('Орындалу барысы туралы баяндама жіберілді.').waitFor();
    await a.page.getByRole('button', { name: 'Мерзімді ұзартуды сұрау' }).click();
    const extension = a.page.getByRole('region', { name: 'Мерзімді ұзартуды сұрау' });
    await extension.getByLabel('Жаңа мерзім').fill('30.06.2027');
    await extension.getByLabel('Себебі').fill('Жеткізу кешіктірілді');
    await extension.getByRole('button', { name: 'Ұзартуды сұрау' }).click();
    await a.page.getByText('Ұзарту туралы сұрау жіберілді.').waitFor();
    expect(await sidewaysOverflow(a.page)).toEqual({ by: 0, culprits: [] });
    await screenshot(a.page, 'kk-phone-story-unit-recommendation');

    const b = await newPage(browser, base, 'ru', PHONE);
    await devSignIn(b.page, 'Подразделение полиции', 'Управление административной полиции');
    await b.page.getByRole('heading', { level: 1, name: 'Входящие рекомендации' }).waitFor();
    await figure(b.page, 'Открытые').getByText('2').waitFor();
    await b.page.getByRole('link', { name: /Мектеп маңында патрульдеуді күшейту/ }).click();
    const dispute = b.page.getByRole('region', { name: 'Оспорить' });
    await dispute.getByLabel('Обоснование').fill('Школа не на территории нашего управления');
    await dispute.getByRole('button', { name: 'Оспорить' }).click();
    await b.page.getByText('Рекомендация оспорена.').waitFor();
    // "Open" counts what is not closed, the disputed one too; "in progress" counts none of them.
    await b.page.goto('/unit');
    await figure(b.page, 'Открытые').getByText('2').waitFor();
    await figure(b.page, 'Оспоренные').getByText('1').waitFor();
    await expect(figure(b.page, 'В работе').count()).resolves.toBe(0);
    await screenshot(b.page, 'ru-phone-story-unit-inbox');
    expect(await sidewaysOverflow(b.page)).toEqual({ by: 0, culprits: [] });

    const s = await newPage(browser, base, 'kk');
    await devSignIn(s.page, 'Кеңес хатшысы', 'Қарағанды облысы ПД жанындағы ККО');
    await s.page.getByRole('link', { name: 'Жұмыс кезегі' }).click();
    const disputes = s.page.getByRole('region', { name: 'Дау айтылғандар (1)' });
    // What waits for a decision comes first; the empty sections (each saying what will appear) after it.
    await disputes.waitFor();
    await expect(s.page.locator('main h2').first().textContent()).resolves.toBe('Мерзімді ұзарту сұраулары (1)');
    // The unit's own words, and the whole timeline one click away.
    await disputes.getByText('Школа не на территории нашего управления').waitFor();
    await disputes.getByText('Толық тарихы').click();
    await disputes.locator('.timeline li', { hasText: 'Бөлімше дау айтты' }).waitFor();
    await disputes.getByLabel('Негіздеме / ескертпе').fill('Мектеп басқа ауданға берілді');
    await disputes.getByRole('button', { name: 'Кері қайтарып алу' }).click();
    await disputes
      .getByRole('group', { name: 'Кері қайтарып алу' })
      .getByText('Ұсыным кері қайтарып алынсын ба?', { exact: false })
      .waitFor();
    expect(await seriousA11yViolations(s.page)).toEqual([]);
    await screenshot(s.page, 'kk-desktop-story-queue-confirm');
    await disputes.getByRole('button', { name: 'Иә, кері қайтарып алу' }).click();
    await s.page.getByRole('region', { name: 'Дау айтылғандар (0)' }).waitFor();
    const extensions = s.page.getByRole('region', { name: 'Мерзімді ұзарту сұраулары (1)' });
    await extensions.getByText('Жеткізу кешіктірілді', { exact: false }).waitFor();
    await extensions.getByRole('button', { name: 'Мерзімді ұзарту' }).click();
    await s.page.getByRole('region', { name: 'Мерзімді ұзарту сұраулары (0)' }).waitFor();
    expect(problemsOf(s.page)).toEqual([]);
    for (const x of [a, b, s]) await x.context.close();
  }, 180_000);

  it('the unit reports implementation, the secretary returns it once (the unit sees why), then verifies; oversight sees the figures change; the public sees the meeting', async () => {
    const ov = await newPage(browser, base, 'ru');
    await devSignIn(ov.page, 'Надзор (прокурор, инспектор)');
    await ov.page.getByRole('heading', { level: 1, name: 'Панель надзора' }).waitFor();
    await eventually(() => expect(figure(ov.page, 'Принято').textContent()).resolves.toBe('3'));
    await eventually(() => expect(figure(ov.page, 'Исполнено').textContent()).resolves.toBe('0'));
    await eventually(() => expect(figure(ov.page, 'Исполнено из закрытых').textContent()).resolves.toBe('—'));

    const a = await newPage(browser, base, 'kk', PHONE);
    await devSignIn(a.page, 'Полиция бөлімшесі', 'Қазыбек би ауданының ПБ');
    await a.page.goto(`/unit/recommendations/${ids.rec1}`);
    const report = async (summary: string) => {
      const impl = a.page.getByRole('region', { name: 'Орындалғаны туралы баяндау' });
      // Opened on demand, unless it is already the next action (after a return).
      if (!(await impl.count())) await a.page.getByRole('button', { name: 'Орындалғаны туралы баяндау' }).click();
      await impl.getByLabel('Орындау қорытындысы').fill(summary);
      await impl.getByLabel('Файлдарды тіркеу').setInputFiles({ name: 'акт.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
      await impl.getByText('жүктелді').waitFor();
      await impl.getByRole('button', { name: 'Орындалғаны туралы баяндау' }).click();
      await a.page.getByText('Орындалғаны туралы баяндама жіберілді.').waitFor();
    };
    await report('Бейнебақылау орнатылды');
    await eventually(() => expect(figure(ov.page, 'Ожидают проверки').textContent()).resolves.toBe('1'));

    const s = await newPage(browser, base, 'kk');
    await devSignIn(s.page, 'Кеңес хатшысы', 'Қарағанды облысы ПД жанындағы ККО');
    await s.page.goto(`/secretary/queue?body=${ids.body}`);
    const reports = s.page.getByRole('region', { name: /Орындалғаны туралы баяндамалар/ });
    await reports.getByLabel('Негіздеме / ескертпе').fill('Суреттер жоқ');
    await reports.getByRole('button', { name: 'Пысықтауға қайтару' }).click();
    await s.page.getByRole('heading', { level: 2, name: 'Орындалғаны туралы баяндамалар (0)' }).waitFor();

    // The unit learns why, at the top of its page and in the timeline; the returned report's file is marked.
    await a.page.reload();
    await a.page.getByRole('note').getByText('Суреттер жоқ').waitFor();
    await a.page.getByRole('region', { name: 'Не болды' }).getByText('Суреттер жоқ').waitFor();
    await a.page
      .getByRole('region', { name: 'Растайтын материалдар' })
      .getByRole('listitem')
      .filter({ hasText: 'акт.pdf' })
      .getByText('баяндамамен бірге қайтарылды')
      .waitFor();
    // Reporting again is the next action, open at once; accepting and disputing, long past, are not listed as unavailable.
    await a.page.getByRole('region', { name: 'Келесі қадам' }).getByRole('region', { name: 'Орындалғаны туралы баяндау' }).waitFor();
    await expect(a.page.getByText('Орындауға қабылдау:').count()).resolves.toBe(0);
    // The extension: the previous and the new due date.
    await a.page.getByRole('region', { name: 'Не болды' }).getByText('Мерзімі 31.03.2027 күнінен 30.06.2027 күніне ауыстырылды').waitFor();
    expect(await seriousA11yViolations(a.page)).toEqual([]);
    expect(await sidewaysOverflow(a.page)).toEqual({ by: 0, culprits: [] });
    await screenshot(a.page, 'kk-phone-story-unit-returned');
    await report('Бейнебақылау орнатылды, суреттер қоса берілді');

    await s.page.reload();
    await reports.getByRole('button', { name: 'Орындалғанын растау' }).click();
    await s.page.getByRole('heading', { level: 2, name: 'Жабылғандар (2)' }).waitFor();
    // Reopening is rare: a closed card asks for a reason only once reopening is asked for.
    const closed = s.page.getByRole('region', { name: 'Жабылғандар (2)' });
    await expect(closed.getByRole('textbox').count()).resolves.toBe(0);
    await closed.getByRole('button', { name: 'Қайта ашу' }).first().click();
    await closed.getByRole('textbox', { name: 'Негіздеме / ескертпе' }).waitFor();
    // Closed: the unit reads first that nothing more is asked of it; a comment is the one action, named as one.
    await a.page.reload();
    const actions = a.page.getByRole('region', { name: 'Әрекеттер' });
    await expect(actions.locator('p, button').first().textContent()).resolves.toMatch(/^Ұсыным жабылды/);
    await actions.getByRole('button', { name: 'Пікір қалдыру' }).waitFor();
    await expect(actions.getByRole('heading', { name: 'Басқа әрекеттер' }).count()).resolves.toBe(0);

    await eventually(() => expect(figure(ov.page, 'Исполнено').textContent()).resolves.toBe('1'));
    await eventually(() => expect(figure(ov.page, 'Исполнено из закрытых').textContent()).resolves.toMatch(/^100\s?%$/));
    await eventually(() => expect(figure(ov.page, 'Исполнено из принятых').textContent()).resolves.toMatch(/^33,3\s?%$/));
    await eventually(() => expect(figure(ov.page, 'Не закрыто').textContent()).resolves.toBe('1'));
    // The counts add up to the adopted: 1 open, 1 implemented, 0 closed without, 1 withdrawn.
    await eventually(() => expect(figure(ov.page, 'Отозвано').textContent()).resolves.toBe('1'));
    await screenshot(ov.page, 'ru-desktop-story-dashboard');
    // The register: statuses by checkboxes; the meeting, the original due date and the extensions as columns.
    await ov.page.goto('/register');
    await ov.page.getByRole('group', { name: 'Статус' }).getByLabel('Исполнена', { exact: true }).check();
    await ov.page.getByRole('status').getByText('1 рекомендация').waitFor();
    const row = ov.page.getByRole('row').filter({ hasText: 'Ауладағы бейнебақылауды кеңейту' });
    await row.getByRole('link', { name: '№ 1/2026' }).waitFor();
    await row.getByText('31 мар. 2027 г.').waitFor();
    expect(await seriousA11yViolations(ov.page)).toEqual([]);
    expect(problemsOf(ov.page)).toEqual([]);

    const anon = await newPage(browser, base, 'kk');
    await anon.page.goto('/');
    await anon.page.getByText('Қарағанды облысы ПД жанындағы ККО').first().waitFor();
    await anon.page.goto(`/meetings/${ids.meeting}`);
    await anon.page.getByText('Ауладағы бейнебақылауды кеңейту').waitFor();
    // The public page marks the file sent back with the returned report, and says why the names are not links.
    await anon.page.goto(`/recommendations/${ids.rec1}`);
    const files = anon.page.getByRole('region', { name: 'Растайтын материалдар' });
    await files.getByText('Файлдарды жүйеге кірген пайдаланушылар ғана ашады', { exact: false }).waitFor();
    await expect(files.getByRole('listitem').filter({ hasText: 'есеппен бірге қайтарылды' }).count()).resolves.toBe(1);
    for (const x of [ov, a, s, anon]) await x.context.close();
  }, 180_000);

  it('no screen of any role scrolls sideways at 360 px, in Kazakh and Russian; each is photographed at 360, 390 and 1366 px', async () => {
    const roles = {
      public: null,
      admin: await token(['admin'], 'Әкімші'),
      secretary: await token([`secretary:${ids.body}`], 'Марат Секретарев'),
      unit: await token([`unit:${ids.unitA}`], 'Дежурный'),
      oversight: await token(['oversight'], 'Прокурор'),
    };
    const screens: Array<[keyof typeof roles, string, string]> = [
      ['public', '/', 'public-home'],
      ['public', `/bodies/${ids.body}`, 'public-body'],
      ['public', `/meetings/${ids.meeting}`, 'public-meeting'],
      ['public', '/recommendations', 'public-register'],
      ['public', `/recommendations/${ids.rec1}`, 'public-recommendation'],
      ['public', '/signin', 'signin'],
      ['admin', '/admin', 'admin-home'],
      ['admin', '/admin/units', 'admin-units'],
      ['admin', `/admin/units/${ids.unitA}`, 'admin-unit'],
      ['admin', '/admin/bodies', 'admin-bodies'],
      ['admin', `/admin/bodies/${ids.body}`, 'admin-body'],
      ['secretary', '/secretary', 'secretary-meetings'],
      ['secretary', `/secretary/meetings/${ids.meeting}`, 'secretary-meeting'],
      ['secretary', '/secretary/queue', 'secretary-queue'],
      ['secretary', '/secretary/members', 'secretary-members'],
      ['unit', '/unit', 'unit-inbox'],
      ['unit', `/unit/recommendations/${ids.rec1}`, 'unit-recommendation'],
      ['oversight', '/dashboard', 'oversight-dashboard'],
      ['oversight', '/register', 'oversight-register'],
    ];
    const wide: string[] = [];
    const small: string[] = [];
    for (const lang of ['kk', 'ru'] as const)
      for (const [viewport, width] of [
        [NARROW, '360'],
        [PHONE, '390'],
        [{ width: 1366, height: 900 }, '1366'],
      ] as const) {
        const { context, page } = await newPage(browser, base, lang, viewport);
        let signedIn: string | null | undefined;
        for (const [role, path, name] of screens) {
          if (signedIn !== roles[role]) {
            await page.goto('/');
            const bearer = roles[role];
            await page.evaluate(bearer ? `sessionStorage.setItem('gov.session', ${JSON.stringify(bearer)})` : `sessionStorage.clear()`);
            signedIn = bearer;
          }
          await page.goto(path);
          await page.locator('main h1, main h2').first().waitFor();
          await eventually(() =>
            expect(
              page
                .getByRole('status')
                .filter({ hasText: /Жүктелуде|Загрузка/ })
                .count(),
            ).resolves.toBe(0),
          );
          const overflow = await sidewaysOverflow(page);
          if (overflow.by > 0) wide.push(`${lang} ${width}px ${path}: ${JSON.stringify(overflow)}`);
          // On a phone, what every role presses is a finger's size.
          if (width !== '1366') {
            const targets = await smallTapTargets(page);
            if (targets.length) small.push(`${lang} ${width}px ${path}: ${targets.join(', ')}`);
          }
          await screenshot(page, `${lang}-${width}-${name}`);
        }
        expect(problemsOf(page)).toEqual([]);
        await context.close();
      }
    expect(wide).toEqual([]);
    expect(small).toEqual([]);
  }, 600_000);
});
