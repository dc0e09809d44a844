/**
 * The CLI as bin/briefing.js runs it, but from the sources (node --import tsx): a test that needs the CLI in a child
 * process must not rebuild dist/ under a user's feet.
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
