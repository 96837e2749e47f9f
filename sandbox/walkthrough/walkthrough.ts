import { block, say } from '../terminal';
import { WALKTHROUGH_STEPS, type WalkthroughContext } from './steps';

/**
 * Sends the three sample notifications one after the other, then changes a
 * member in the member database for the member sync to follow, then opens a
 * member card and clicks "Sync member", and tells what each did to its contact. True when every step did what it should.
 */
export async function runWalkthrough(context: WalkthroughContext): Promise<boolean> {
  say(
    'Walkthrough: three webhooks signed as Intercom signs them, processed by the real handlers, ' +
      'then a member who moves, followed by the member sync, and the member card beside a conversation',
  );
  let passed = 0;
  for (const [index, step] of WALKTHROUGH_STEPS.entries()) {
    const report = await step(context);
    say();
    say(`[${index + 1}/${WALKTHROUGH_STEPS.length}] ${report.title}`);
    for (const line of block(report.lines)) say(line);
    say(`      ${report.ok ? '✓' : '✗'} ${report.verdict}`);
    if (report.ok) passed += 1;
  }
  say();
  const all = passed === WALKTHROUGH_STEPS.length;
  say(
    all
      ? `All ${passed} steps did what they should.`
      : `${WALKTHROUGH_STEPS.length - passed} of ${WALKTHROUGH_STEPS.length} steps did not do what they should (see ✗ above).`,
  );
  return all;
}
