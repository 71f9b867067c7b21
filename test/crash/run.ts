/**
 * `npm run test:crash [-- --cycles N --seed S]`: the money crash test with random kills (named
 * points and random moments); prints cycles, charges, orphans and exits 1 on any broken rule.
 */
import { parseArgs } from 'node:util';
import { runCrashTest, type Cycle } from './money-crash';

const { values } = parseArgs({
  options: { cycles: { type: 'string', default: '12' }, seed: { type: 'string' } },
});
let seed = Number(values.seed ?? Date.now() % 1_000_000);
// A small deterministic generator, so a failing run can be repeated with its seed.
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const startSeed = seed;
const points = ['payment.intent-written', 'payment.charged'];
const cycles: Cycle[] = Array.from({ length: Number(values.cycles) }, () => {
  const r = random();
  const payments = 1 + Math.floor(random() * 4);
  if (r < 0.6)
    return {
      crashAt: `${points[Math.floor(random() * 2)]}:${1 + Math.floor(random() * payments)}`,
      payments,
    };
  return { killAfterMs: 500 + Math.floor(random() * 1500), payments };
});
const report = await runCrashTest(cycles, (line) => console.log(line));
console.log(`seed ${startSeed}`);
console.log(JSON.stringify(report));
console.log(`cycles: ${report.cycles}, charges: ${report.charges}, orphans: ${report.orphans}`);
const ok =
  report.orphans === 0 &&
  report.doubleCharged === 0 &&
  report.answeredMissing === 0 &&
  report.pendingLeft === 0 &&
  report.unanswered === 0 &&
  report.integrity === 'ok';
process.exit(ok ? 0 : 1);
