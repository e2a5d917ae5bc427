/**
 * Loads Ink as an interactive renderer even where CI or CONTINUOUS_INTEGRATION is set.
 *
 * Ink asks is-in-ci once, when it loads, and under CI it draws no frame until the app exits — a
 * blank workbench for a responder whose shell runs in a CI container or a runner, and for the tests
 * on one. The workbench is always interactive, so those variables are hidden while Ink loads and
 * then put back. Import this module before anything that imports 'ink'.
 */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

const saved = new Map<string, string>();
for (const name of CI_VARIABLES) {
	const value = process.env[name];
	if (value !== undefined) saved.set(name, value);
	delete process.env[name];
}
try {
	await import('ink');
} finally {
	for (const [name, value] of saved) process.env[name] = value;
}

export {};
