/**
 * Progress bars for long training loops, with the running loss. Drawn only on an interactive
 * terminal: a bar redrawn into a log file or CI output is noise, so there it stays silent.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Advance by `steps` (default 1); `loss`, when given, is shown beside the bar. */
  tick(steps?: number, loss?: number): void;
  stop(): void;
}

export function progressEnabled(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && !ci;
}

const silent: Progress = { tick() {}, stop() {} };

export function createProgress(total: number, label: string, enabled = progressEnabled()): Progress {
  if (!enabled) return silent;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(24)} {bar} {value}/{total} | loss {loss} | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      // Redraw at most ~12 times a second: tight training loops call tick() far more often.
      fps: 12,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '—' });
  return {
    tick(steps = 1, loss?: number) {
      bar.increment(steps, loss === undefined ? {} : { loss: loss.toPrecision(4) });
    },
    stop() {
      bar.stop();
    },
  };
}
