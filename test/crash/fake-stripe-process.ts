/** The fake Stripe in its own process for the crash test: prints `listening <url>` when ready. */
import { startFakeStripe } from '../payments/fake-stripe';

const fake = await startFakeStripe();
process.stdout.write(`listening ${fake.url}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
