import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {Size} from '../../app/layout.js';

/** The terminal's size, updated on resize (`fixed` pins it, for tests and the benchmark). */
export function useTerminalSize(fixed?: Size): Size {
	const {stdout} = useStdout();
	const read = (): Size => fixed ?? {width: stdout.columns || 80, height: stdout.rows || 24};
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (fixed) return;
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed?.width, fixed?.height]);
	return fixed ?? size;
}
