/** Checks shared by the renderer tests: what must never appear in rendered chat text. */
import type { SlackMessage } from '../../../shared/render/slack';

const HERALD_LINK = /<(https?:\/\/[^\s|<>]+)\|[^<>\n]*>/g;

/** Every text a Slack message shows, in one list. */
export function slackTexts(message: SlackMessage): string[] {
  return [
    message.text,
    ...message.blocks.flatMap((block) => {
      switch (block.type) {
        case 'header':
          return [block.text.text];
        case 'section':
          return [...(block.text === undefined ? [] : [block.text.text]), ...(block.fields ?? []).map((field) => field.text)];
        case 'context':
          return block.elements.map((element) => element.text);
        case 'actions':
          return block.elements.map((button) => button.text.text);
        case 'divider':
          return [];
      }
    }),
  ];
}

/**
 * Fails unless `text` is safe chat text: no mention, no `<` or `>` other than Herald's own quotes
 * and `<url|label>` links to one of `allowedUrls`, no control or bidi characters, no lone surrogates.
 */
export function expectSafeChatText(text: string, allowedUrls: readonly string[]): void {
  const linkedUrls = [...text.matchAll(HERALD_LINK)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&'));
  for (const url of linkedUrls) expect(allowedUrls).toContain(url);
  // Herald's own markup: links, and `> ` starting a quoted line.
  const withoutHeraldMarkup = text.replace(HERALD_LINK, '').replace(/^> /gm, '');
  expect(withoutHeraldMarkup).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/<[!@#]/);
  expect(text).not.toMatch(/@[\p{L}\p{N}_]/u);
  expect(text).not.toMatch(/[^\P{Cc}\n]/u);
  expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
}

/** The SNS subject rule Herald's publisher enforces (shared/adapters/aws/sns.ts). */
export const VALID_SNS_SUBJECT = /^[\x21-\x7e][\x20-\x7e]{0,98}$/;

export function expectValidJson(text: string): void {
  expect(() => {
    JSON.parse(text);
  }).not.toThrow();
}
