import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLObjectType, buildSchema, getNamedType, parse, print, validate } from 'graphql';
import { withPositions } from '../../../web/src/graphql/after-position';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));

describe('every write answers its log position, which the web app asks of each mutation it sends', () => {
  it('every mutation that answers an object has `position` in it', () => {
    const missing = Object.values(schema.getMutationType()!.getFields())
      .filter((field) => getNamedType(field.type) instanceof GraphQLObjectType)
      .filter((field) => !(getNamedType(field.type) as GraphQLObjectType).getFields().position)
      .map((field) => field.name);
    expect(missing).toEqual([]);
  });

  it('the web app’s mutation asks `position` once, beside what the screen asked, and stays valid', () => {
    const sent = withPositions(
      parse(`mutation($input: ReportProgressInput!, $ids: [ID!]!) {
        reportProgress(input: $input) { recommendation { id } }
        changeMeetingTitle: changeMeetingTitle(input: { meetingId: "m", title: { ru: "x" } }) { position meeting { id } }
        markNotificationsRead(ids: $ids)
      }`),
    );
    expect(validate(schema, sent as never)).toEqual([]);
    const text = print(sent);
    expect(text.match(/position/g)).toHaveLength(2);
    expect(text).toContain('recommendation {\n      id\n    }\n    position');
  });

  it('every mutation the web app sends stays valid with `position` asked of it', () => {
    const web = join(__dirname, '../../../web/src');
    const documents = (readdirSync(web, { recursive: true }) as string[])
      .filter((file) => /\.tsx?$/.test(file))
      .flatMap((file) => [...readFileSync(join(web, file), 'utf8').matchAll(/graphql\(\s*`(\s*mutation[^`]*)`/g)].map((m) => m[1]!));
    expect(documents.length).toBeGreaterThan(20);
    for (const document of documents) {
      const sent = withPositions(parse(document));
      // Fragments live in their own documents (fragments.ts); what is checked here is the mutation's own selection.
      expect(validate(schema, sent as never).filter((e) => !e.message.startsWith('Unknown fragment'))).toEqual([]);
    }
  });
});
