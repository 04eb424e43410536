/** Every built-in rule, in evaluation order (which also breaks ties between overlapping findings). */
import { AI_RULES } from './ai';
import { CLOUD_RULES } from './cloud';
import { GENERIC_RULES } from './generic';
import { KEY_RULES } from './keys';
import { MESSAGING_RULES } from './messaging';
import { PAYMENT_RULES } from './payments';
import type { SecretRule } from './rule';
import { SAAS_RULES } from './saas';
import { VCS_RULES } from './vcs';

export type { SecretRule, RuleExamples, MatchContext } from './rule';

export const ALL_RULES: readonly SecretRule[] = [...KEY_RULES, ...CLOUD_RULES, ...VCS_RULES, ...MESSAGING_RULES, ...AI_RULES, ...PAYMENT_RULES, ...SAAS_RULES, ...GENERIC_RULES];
