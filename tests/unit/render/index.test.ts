import type { Alert } from '../../../shared/alerts/alert';
import { DEFAULT_MESSAGE_BUDGET_BYTES, renderMessage, SNS_MAX_MESSAGE_BYTES, type Format } from '../../../shared/render';
import { byteLength, TRUNCATION_MARKER } from '../../../shared/render/text';
import { hostileAlert, hostileText, realisticAlert, seededRandom } from './alerts';
import { expectValidJson, VALID_SNS_SUBJECT } from './assertions';

const FORMATS: readonly Format[] = ['email', 'slack', 'chatbot', 'json'];
const JSON_FORMATS: readonly Format[] = ['slack', 'chatbot', 'json'];
const ONE_MB = 1024 * 1024;

function withWhy(why: string): Alert {
  const alert = realisticAlert();
  return { ...alert, failures: [{ where: 'Build / CodeBuild', code: 'JobFailed', why }] };
}

describe('renderMessage', () => {
  it('exports the SNS limit', () => {
    // Assess
    expect(SNS_MAX_MESSAGE_BYTES).toBe(262_144);
    expect(DEFAULT_MESSAGE_BUDGET_BYTES).toBeLessThan(SNS_MAX_MESSAGE_BYTES);
  });

  it.each(FORMATS)('renders a normal alert unchanged as %s', (format) => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const { subject, message } = renderMessage(alert, format);

    // Assess
    expect(subject).toBe('[HIGH] Pipeline release-prod FAILED in us-east-1');
    expect(message).not.toContain(TRUNCATION_MARKER);
    expect(message).toContain('COMMAND_EXECUTION_ERROR');
  });

  it('publishes the alert itself as json', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const { message } = renderMessage(alert, 'json');

    // Assess
    expect(JSON.parse(message)).toEqual(alert);
  });

  it.each(FORMATS)('fits a 1 MB error summary into the budget as %s, marking the cut', (format) => {
    // Prepare
    const alert = withWhy(`${'npm ERR! '.repeat(ONE_MB / 9)}exit status 1`);

    // Act
    const { message } = renderMessage(alert, format);

    // Assess
    expect(byteLength(message)).toBeLessThanOrEqual(DEFAULT_MESSAGE_BUDGET_BYTES);
    expect(message).toContain(TRUNCATION_MARKER);
    expect(message).toContain('Pipeline release-prod FAILED');
    if (JSON_FORMATS.includes(format)) expectValidJson(message);
  });

  it.each(JSON_FORMATS)('counts bytes, not characters, for multi-byte and escaped text as %s', (format) => {
    // Prepare: emoji take 4 bytes each; control characters become 6-byte \u escapes in JSON.
    const alert = withWhy('😀\u0000'.repeat(200_000));
    const budget = 100_000;

    // Act
    const { message } = renderMessage(alert, format, budget);

    // Assess
    expect(byteLength(message)).toBeLessThanOrEqual(budget);
    expectValidJson(message);
    expect(message).toContain(TRUNCATION_MARKER);
  });

  it('shortens the longest texts first and keeps the short ones whole', () => {
    // Prepare
    const alert: Alert = { ...withWhy('x'.repeat(ONE_MB)), notes: ['short note'] };

    // Act
    const { message } = renderMessage(alert, 'json');

    // Assess
    const parsed: Alert = JSON.parse(message);
    expect(parsed.notes).toEqual(['short note']);
    expect(parsed.commit).toEqual(alert.commit);
    expect(parsed.failures[0]?.why?.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(parsed.failures[0]?.why?.length).toBeGreaterThan(10_000);
  });

  it.each(FORMATS)('drops failures beyond the first few with a note when they cannot all fit, as %s', (format) => {
    // Prepare
    const failures = Array.from({ length: 3000 }, (_, index) => ({ where: `Stage ${index} / Action ${index}`, code: 'JobFailed', why: 'e'.repeat(1000) }));
    const alert: Alert = { ...realisticAlert(), failures };

    // Act
    const { message } = renderMessage(alert, format, 20_000);

    // Assess
    expect(byteLength(message)).toBeLessThanOrEqual(20_000);
    expect(message).toMatch(/\(\d+ more failures not shown\)/);
    if (JSON_FORMATS.includes(format)) expectValidJson(message);
  });

  it.each(FORMATS)('fits an alert that is huge everywhere as %s', (format) => {
    // Prepare
    const huge = 'h'.repeat(ONE_MB);
    const many = Array.from({ length: 20_000 }, (_, index) => `item ${index} ${'y'.repeat(50)}`);
    const alert: Alert = {
      ...realisticAlert(),
      title: huge,
      summary: huge,
      facts: many.map((value) => ({ label: value, value })),
      failures: many.map((where) => ({ where, why: where, code: where })),
      links: many.map((label) => ({ label, url: `https://example.com/${label.replace(/ /g, '-')}` })),
      notes: many,
    };

    // Act
    const { subject, message } = renderMessage(alert, format);

    // Assess
    expect(subject).toMatch(VALID_SNS_SUBJECT);
    expect(byteLength(message)).toBeLessThanOrEqual(DEFAULT_MESSAGE_BUDGET_BYTES);
    expect(message).toContain('more failures not shown');
    if (JSON_FORMATS.includes(format)) expectValidJson(message);
  });

  it('keeps the thread id intact while shrinking', () => {
    // Prepare
    const alert = withWhy('z'.repeat(ONE_MB));

    // Act
    const { message } = renderMessage(alert, 'chatbot', 8_000);

    // Assess
    expect(JSON.parse(message).metadata.threadId).toBe(alert.threadId);
  });

  it('refuses a budget too small for any rendering rather than exceed it', () => {
    // Prepare
    const alert = realisticAlert();

    // Act
    const render = (): unknown => renderMessage(alert, 'email', 100);

    // Assess
    expect(render).toThrow(RangeError);
  });

  it('fits random hostile alerts into small budgets in every format', () => {
    // Prepare
    const random = seededRandom(1234);

    for (let run = 0; run < 100; run += 1) {
      const alert = hostileAlert(() => hostileText(random, 400));
      const budget = 6_000 + Math.floor(random() * 20_000);

      for (const format of FORMATS) {
        // Act
        const { subject, message } = renderMessage(alert, format, budget);

        // Assess
        expect(subject).toMatch(VALID_SNS_SUBJECT);
        expect(byteLength(message)).toBeLessThanOrEqual(budget);
        if (JSON_FORMATS.includes(format)) expectValidJson(message);
      }
    }
  });
});
