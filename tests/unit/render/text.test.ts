import {
  byteLength,
  fitEscaped,
  isSafeLinkUrl,
  joinWithinLimit,
  plainText,
  singleLine,
  slackEscape,
  slackLink,
  slackLinkLabel,
  snsSubject,
  SUBJECT_FALLBACK,
  truncate,
  TRUNCATION_MARKER,
} from '../../../shared/render/text';
import { hostileText, seededRandom } from './alerts';
import { VALID_SNS_SUBJECT } from './assertions';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('snsSubject', () => {
  it('keeps a plain ASCII subject as it is', () => {
    // Prepare
    const text = '[HIGH] Pipeline release-prod FAILED in us-east-1';

    // Act
    const subject = snsSubject(text);

    // Assess
    expect(subject).toBe(text);
  });

  it('strips accents, drops emoji, marks other letters and collapses line breaks', () => {
    // Prepare
    const text = '👍 Café\r\n déploiement\t\u0000échoué 漢字 “quoted” — done';

    // Act
    const subject = snsSubject(text);

    // Assess
    expect(subject).toBe('Cafe deploiement echoue ?? "quoted" - done');
  });

  it('cuts long subjects to 99 characters ending in "..."', () => {
    // Prepare
    const text = `Pipeline ${'very-long-name-'.repeat(20)}FAILED`;

    // Act
    const subject = snsSubject(text);

    // Assess
    expect(subject).toHaveLength(99);
    expect(subject.endsWith('...')).toBe(true);
    expect(subject.startsWith('Pipeline very-long-name-')).toBe(true);
  });

  it.each(['', '   ', '👍🎉', '\u0000\u202e\n', '$$$ ~~~'])('falls back to a fixed subject for %j', (text) => {
    // Act
    const subject = snsSubject(text);

    // Assess
    expect(subject).toBe(SUBJECT_FALLBACK);
  });

  it('never starts with a space or an ASCII symbol', () => {
    // Act
    const subject = snsSubject(' \n $+<=>^`|~ build failed');

    // Assess
    expect(subject).toBe('build failed');
  });

  it('always yields a valid SNS subject for random hostile text', () => {
    // Prepare
    const random = seededRandom(7);

    for (let run = 0; run < 2000; run += 1) {
      const text = hostileText(random, 60);

      // Act
      const subject = snsSubject(text);

      // Assess
      expect(subject).toMatch(VALID_SNS_SUBJECT);
    }
  });
});

describe('slackEscape', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123> hi', '&lt;@\u200dU123&gt; hi'],
    ['<https://evil|click>', '&lt;https://evil|click&gt;'],
    ['&amp; & <', '&amp;amp; &amp; &lt;'],
    ['ping @here and @channel, @everyone!', 'ping @\u200dhere and @\u200dchannel, @\u200deveryone!'],
    ['x@here', 'x@\u200dhere'],
    ['a\u0000b\u0007c\u202ed\r\ne\tf', 'abcd\ne f'],
  ])('escapes %j', (text, expected) => {
    // Act
    const escaped = slackEscape(text);

    // Assess
    expect(escaped).toBe(expected);
  });

  it('leaves a bare @ and emoji alone', () => {
    // Act
    const escaped = slackEscape('a @ b 👍 🏳️‍🌈');

    // Assess
    expect(escaped).toBe('a @ b 👍 🏳️‍🌈');
  });

  it('keeps link labels on one line', () => {
    // Act
    const label = slackLinkLabel('Build\nlogs <x>');

    // Assess
    expect(label).toBe('Build logs &lt;x&gt;');
  });

  it('never leaves a mention, a link or a control character in random hostile text', () => {
    // Prepare
    const random = seededRandom(11);

    for (let run = 0; run < 2000; run += 1) {
      const text = hostileText(random, 40);

      // Act
      const escaped = slackEscape(text);

      // Assess
      expect(escaped).not.toMatch(/[<>]/);
      expect(escaped).not.toMatch(/@[\p{L}\p{N}_]/u);
      expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(escaped).not.toMatch(/[^\P{Cc}\n]/u);
      expect(escaped).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('plainText and singleLine', () => {
  it('normalises line breaks and removes control and bidi characters', () => {
    // Prepare
    const text = 'line 1\r\nline 2\rline 3\u2028line 4\u0000\u001b[0m\tend \u202egnp.exe\u2066x\u2069';

    // Act
    const cleaned = plainText(text);

    // Assess
    expect(cleaned).toBe('line 1\nline 2\nline 3\nline 4[0m\tend gnp.exex');
  });

  it('replaces lone surrogates, which UTF-8 cannot carry', () => {
    // Act
    const cleaned = plainText('a\ud83db\ude00c😀');

    // Assess
    expect(cleaned).toBe('a\ufffdb\ufffdc😀');
  });

  it('flattens text to one line', () => {
    // Act
    const line = singleLine('  release\n\nprod\r\n\tFAILED  ');

    // Assess
    expect(line).toBe('release prod FAILED');
  });
});

describe('truncate', () => {
  it('returns short text unchanged', () => {
    // Act
    const text = truncate('short', 5);

    // Assess
    expect(text).toBe('short');
  });

  it('cuts and appends the marker within the limit', () => {
    // Act
    const text = truncate('x'.repeat(100), 30);

    // Assess
    expect(text).toBe(`${'x'.repeat(30 - TRUNCATION_MARKER.length)}${TRUNCATION_MARKER}`);
  });

  it('does not split a surrogate pair', () => {
    // Prepare: the cut would fall between the two halves of the emoji.
    const text = `${'a'.repeat(9)}😀${'b'.repeat(50)}`;

    // Act
    const cut = truncate(text, 10 + TRUNCATION_MARKER.length);

    // Assess
    expect(cut).toBe(`${'a'.repeat(9)}${TRUNCATION_MARKER}`);
  });

  it('keeps within the limit, marks the cut and keeps surrogate pairs whole for random text', () => {
    // Prepare
    const random = seededRandom(3);

    for (let run = 0; run < 2000; run += 1) {
      const text = plainText(hostileText(random, 40));
      const maxChars = Math.floor(random() * 80);

      // Act
      const cut = truncate(text, maxChars);

      // Assess
      expect(cut.length).toBeLessThanOrEqual(Math.max(maxChars, 0));
      expect(cut).not.toMatch(LONE_SURROGATE);
      if (text.length <= maxChars) expect(cut).toBe(text);
      else if (maxChars > TRUNCATION_MARKER.length) expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
    }
  });
});

describe('byteLength', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
  ])('counts UTF-8 bytes of %j', (text, bytes) => {
    // Act
    const length = byteLength(text);

    // Assess
    expect(length).toBe(bytes);
  });
});

describe('fitEscaped', () => {
  it('fits escaped text without splitting an entity', () => {
    // Prepare
    const raw = '&'.repeat(100);

    // Act
    const fitted = fitEscaped(raw, 50, slackEscape);

    // Assess
    expect(fitted.length).toBeLessThanOrEqual(50);
    expect(fitted.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(fitted.slice(0, -TRUNCATION_MARKER.length)).toMatch(/^(?:&amp;)+$/);
  });
});

describe('joinWithinLimit', () => {
  it('keeps whole parts and marks the ones left out', () => {
    // Act
    const joined = joinWithinLimit(['aaaa', 'bbbb', 'c'.repeat(20)], '\n', 10 + TRUNCATION_MARKER.length);

    // Assess
    expect(joined).toBe(`aaaa\nbbbb\n${TRUNCATION_MARKER}`);
  });

  it('keeps everything that fits', () => {
    // Act
    const joined = joinWithinLimit(['aaaa', 'bbbb'], '\n', 9);

    // Assess
    expect(joined).toBe('aaaa\nbbbb');
  });
});

describe('links', () => {
  it.each([
    ['https://console.aws.amazon.com/codesuite/codepipeline/pipelines/p/view?region=us-east-1', true],
    ['http://example.com/', true],
    ['javascript:alert(1)', false],
    ['data:text/html,x', false],
    ['https://evil.example|click', false],
    ['https://evil.example/<!channel>', false],
    ['https://evil.example/ space', false],
    ['https://evil.example/\u202e', false],
    ['/relative/path', false],
  ])('accepts %s as a link: %s', (url, safe) => {
    // Act
    const accepted = isSafeLinkUrl(url);

    // Assess
    expect(accepted).toBe(safe);
  });

  it('refuses URLs longer than Slack accepts for a button', () => {
    // Prepare
    const url = `https://example.com/${'a'.repeat(3000)}`;

    // Act
    const accepted = isSafeLinkUrl(url);

    // Assess
    expect(accepted).toBe(false);
  });

  it('builds a Slack link with an escaped label and an entity-encoded ampersand', () => {
    // Act
    const link = slackLink('https://example.com/?a=1&b=2', '<@U1> logs');

    // Assess
    expect(link).toBe('<https://example.com/?a=1&amp;b=2|&lt;@\u200dU1&gt; logs>');
  });

  it('refuses unsafe URLs', () => {
    // Act
    const link = slackLink('javascript:alert(1)', 'click');

    // Assess
    expect(link).toBeUndefined();
  });
});
