/** Chat and messaging: Slack, Discord, Telegram, Twilio, SendGrid, Mailgun, Mailchimp, MessageBird. */
import { ALNUM, BASE64URL, DIGITS, HEX, UPPER_ALNUM, fakeToken, fakeUuid, toBase64 } from './fake';
import { indexOfByte } from '../text';
import { assignmentFollows, contextRegex, type SecretRule, type RuleExamples } from './rule';

const TOKEN_BYTE = (() => {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code += 1) table[code] = /[A-Za-z0-9_-]/.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
})();

/**
 * The byte gate of Discord bot tokens, which have no literal prefix: a `.`, six token
 * characters and a `.`, after a run of at least 23 token characters. A plain loop over the
 * bytes: no keyword, so no text view, unless it fires.
 */
export function dottedTokenGate(bytes: Uint8Array): boolean {
  // Dots are rare (about 1% of source bytes) and indexOf finds them natively, far faster than a loop over every byte.
  for (let dot = indexOfByte(bytes, 0x2e, 23); dot >= 0; dot = indexOfByte(bytes, 0x2e, dot + 1)) if (dottedTokenAt(bytes, dot)) return true;
  return false;
}

function dottedTokenAt(bytes: Uint8Array, index: number): boolean {
  if (bytes[index] !== 0x2e || bytes[index + 7] !== 0x2e || index < 23) return false;
  for (let inner = 1; inner < 7; inner += 1) if (TOKEN_BYTE[bytes[index + inner] ?? 0] !== 1) return false;
  for (let run = 1; run <= 23; run += 1) if (TOKEN_BYTE[bytes[index - run] ?? 0] !== 1) return false;
  return true;
}

export const MESSAGING_RULES: readonly SecretRule[] = [
  {
    id: 'slack-bot-token',
    kind: 'Slack bot token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xoxb-\d{6,16}-[A-Za-z0-9-]{8,})(?![A-Za-z0-9_-])/,
    keywords: ['xoxb-'],
    entropy: 2.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('xoxb-', 12, DIGITS, 1)}-${fakeToken('', 13, DIGITS, 2)}-${fakeToken('', 24, ALNUM, 3)}`, `${fakeToken('xoxb-', 12, DIGITS, 4)}-${fakeToken('', 24, ALNUM, 5)}`], negative: ['xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx', 'xoxb-xoxb-my-bot-token', 'xoxb-Slack_BOT_TOKEN'] };
    },
  },
  {
    id: 'slack-user-token',
    kind: 'Slack user token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xoxp-\d{6,16}-[A-Za-z0-9-]{8,})(?![A-Za-z0-9_-])/,
    keywords: ['xoxp-'],
    entropy: 2.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('xoxp-', 11, DIGITS, 6)}-${fakeToken('', 12, DIGITS, 7)}-${fakeToken('', 12, DIGITS, 8)}-${fakeToken('', 32, HEX, 9)}`], negative: ['"token1": "xoxp-1234567890"', 'xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'] };
    },
  },
  {
    id: 'slack-legacy-token',
    kind: 'Slack legacy token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xox[aoser]-\d{1,16}-\d{4,16}(?:-[A-Za-z0-9-]{6,})?)(?![A-Za-z0-9_-])/,
    keywords: ['xoxa-', 'xoxo-', 'xoxs-', 'xoxe-', 'xoxr-'],
    entropy: 2.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('xoxs-', 10, DIGITS, 10)}-${fakeToken('', 10, DIGITS, 11)}-${fakeToken('', 10, DIGITS, 12)}-${fakeToken('', 10, HEX, 13)}`, `${fakeToken('xoxa-', 11, DIGITS, 14)}-${fakeToken('', 13, DIGITS, 15)}`], negative: ['https://indieweb.org/images/3/35/2018-250-xoxo-indieweb-1.jpg', 'https://github.com/xoxa-nyc/xoxa-nyc.github.io'] };
    },
  },
  {
    id: 'slack-config-token',
    kind: 'Slack app configuration token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{100,})(?![A-Za-z0-9_-])/,
    keywords: ['xoxe'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('xoxe.xoxp-1-', 146, ALNUM, 16), fakeToken('xoxe-1-', 146, ALNUM, 17)], negative: ['xoxe.xoxp-1-initial', 'xoxe-1-xxx'] };
    },
  },
  {
    id: 'slack-app-token',
    kind: 'Slack app-level token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>xapp-\d-[A-Z0-9]{9,}-\d{6,}-[a-z0-9]{32,})(?![A-Za-z0-9_-])/i,
    keywords: ['xapp-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`xapp-1-${fakeToken('A', 10, UPPER_ALNUM, 18)}-${fakeToken('', 13, DIGITS, 19)}-${fakeToken('', 64, HEX, 20)}`], negative: ['xapp-1-xxxxxxxxxxx'] };
    },
  },
  {
    id: 'slack-webhook-url',
    kind: 'Slack webhook URL',
    severity: 'high',
    regex: /(?<secret>hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{40,})/,
    keywords: ['hooks.slack.com'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`https://hooks.slack.com/services/${fakeToken('T', 8, UPPER_ALNUM, 21)}/${fakeToken('B', 10, UPPER_ALNUM, 22)}/${fakeToken('', 24, ALNUM, 23)}`], negative: ['https://hooks.slack.com/services/TXXXXX/BXXXXX/XXXXXXXXXX', 'https://hooks.slack.com/services/…'] };
    },
  },
  {
    id: 'discord-bot-token',
    kind: 'Discord bot token',
    severity: 'high',
    regex: /(?<secret>[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])/,
    keywords: [],
    gate: dottedTokenGate,
    scope: 'file',
    entropy: 4,
    get examples(): RuleExamples {
      return {
      positive: [`${toBase64(fakeToken('1', 17, DIGITS, 24)).slice(0, 24)}.${fakeToken('', 6, BASE64URL, 25)}.${fakeToken('', 27, BASE64URL, 26)}`, `client.login("${toBase64(fakeToken('9', 18, DIGITS, 27)).slice(0, 24)}.${fakeToken('G', 5, ALNUM, 28)}.${fakeToken('', 38, BASE64URL, 29)}")`],
      negative: [`${fakeToken('P', 23, ALNUM, 30)}.${fakeToken('', 6, ALNUM, 31)}.${fakeToken('', 27, ALNUM, 32)}`, `${fakeToken('M', 23, ALNUM, 33)}.${fakeToken('', 5, ALNUM, 34)}.${fakeToken('', 27, ALNUM, 35)}`],
    };
    },
  },
  {
    id: 'discord-webhook-url',
    kind: 'Discord webhook URL',
    severity: 'high',
    regex: /(?<secret>discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,})/,
    keywords: ['/api/webhooks/'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`https://discord.com/api/webhooks/${fakeToken('1', 18, DIGITS, 36)}/${fakeToken('', 68, BASE64URL, 37)}`], negative: ['https://discord.com/api/webhooks/{id}/{token}'] };
    },
  },
  {
    id: 'telegram-bot-token',
    kind: 'Telegram bot token',
    severity: 'high',
    regex: /(?<![0-9A-Za-z])(?<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    keywords: [':aa'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('1', 9, DIGITS, 38)}:AA${fakeToken('', 33, BASE64URL, 39)}`, `TELEGRAM_TOKEN="${fakeToken('7', 9, DIGITS, 40)}:AA${fakeToken('', 33, BASE64URL, 41)}"`], negative: ['arn:aws:sns:aaa:111122223333:aaaaaaaaaaaaaaaaaaassssssddddddddddddd', `${fakeToken('1', 9, DIGITS, 42)}:AA${'x'.repeat(33)}`] };
    },
  },
  {
    id: 'twilio-api-key',
    kind: 'Twilio API key',
    severity: 'high',
    regex: /(?<![A-Za-z0-9])(?<secret>SK[0-9a-fA-F]{32})(?![A-Za-z0-9])/,
    keywords: ['twilio'],
    scope: 'file',
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`# twilio\nTWILIO_API_KEY_SID=${fakeToken('SK', 32, HEX, 43)}`], negative: [`# twilio\nTWILIO_API_KEY_SID=SK${'x'.repeat(32)}`, fakeToken('SK', 32, HEX, 44)] };
    },
  },
  {
    id: 'twilio-auth-token',
    kind: 'Twilio auth token',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`twilio[\w.\-]{0,20}?(?:auth|secret|token)`, '[0-9a-f]{32}'),
    afterKeyword: assignmentFollows,
    keywords: ['twilio'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`TWILIO_AUTH_TOKEN=${fakeToken('', 32, HEX, 45)}`], negative: ['TWILIO_AUTH_TOKEN=${TWILIO_AUTH_TOKEN}'] };
    },
  },
  {
    id: 'twilio-account-credentials',
    kind: 'Twilio account SID with auth token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9])AC[0-9a-f]{32}["'\x60]?[ \t]*[,:;=|][ \t]*["'\x60]?(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/,
    keywords: ['twilio'],
    scope: 'file',
    entropy: 3,
    get examples(): RuleExamples {
      return {
        positive: [`from twilio.rest import Client\nclient = Client("${fakeToken('AC', 32, HEX, 57)}", "${fakeToken('', 32, HEX, 58)}")`],
        negative: [`from twilio.rest import Client\nclient = Client("${fakeToken('AC', 32, HEX, 59)}", os.environ["TWILIO_AUTH_TOKEN"])`],
      };
    },
  },
  {
    id: 'sendgrid-api-key',
    kind: 'SendGrid API key',
    severity: 'high',
    regex: /(?<![A-Za-z0-9])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    keywords: ['sg.'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [`SG.${fakeToken('', 22, BASE64URL, 46)}.${fakeToken('', 43, BASE64URL, 47)}`], negative: [`SG.${fakeToken('', 22, BASE64URL, 48)}.`, `SG.${'x'.repeat(22)}.${'x'.repeat(43)}`] };
    },
  },
  {
    id: 'mailgun-api-key',
    kind: 'Mailgun API key',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>key-[0-9a-f]{32})(?![A-Za-z0-9_-])/,
    keywords: ['key-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('key-', 32, HEX, 49), `MAILGUN_API_KEY="${fakeToken('key-', 32, HEX, 50)}"`], negative: ['key-value', `pub${fakeToken('key-', 32, HEX, 51)}`] };
    },
  },
  {
    id: 'mailchimp-api-key',
    kind: 'Mailchimp API key',
    severity: 'high',
    regex: /(?<![A-Za-z0-9])(?<secret>[0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9])/,
    keywords: ['-us'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('', 32, HEX, 52)}-us18`, `mailchimp_api_key: ${fakeToken('', 32, HEX, 53)}-us2`], negative: [`${fakeToken('', 15, HEX, 54)}-us2`, 'en-us'] };
    },
  },
  {
    id: 'messagebird-api-key',
    kind: 'MessageBird API key',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`message[_\-.]?bird`, '[A-Za-z0-9]{25}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 40),
    afterKeyword: assignmentFollows,
    keywords: ['messagebird', 'message_bird', 'message-bird'],
    allowUuid: true,
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`MESSAGEBIRD_API_KEY=${fakeToken('', 25, ALNUM, 55)}`, `const MessageBirdClientID = "${fakeUuid(56)}"`], negative: ['MESSAGEBIRD_API_KEY=<key>'] };
    },
  },
];

