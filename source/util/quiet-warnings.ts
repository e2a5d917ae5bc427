/**
 * The AWS SDK warns about Node 20 every time it loads; keep that out of the TUI, of --json output and
 * of the benchmark's figures. Other warnings still print, on one line each. Call once, at start-up.
 */
export function quietSdkWarnings(): void {
	process.removeAllListeners('warning');
	process.on('warning', (warning) => {
		if (/AWS SDK|aws-sdk|NodeVersion/i.test(`${warning.name} ${warning.message}`)) return;
		if (warning.name === 'ExperimentalWarning') return;
		process.stderr.write(`warning: ${warning.message}\n`);
	});
}
