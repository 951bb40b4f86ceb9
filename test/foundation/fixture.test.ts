import { describeFixtureProject } from '../helpers/fixtures.js';
import { testMarkerRule } from './test-rule.js';

describeFixtureProject('foundation', { rules: [testMarkerRule], ruleSettings: { 'test-marker': 'error' } });
