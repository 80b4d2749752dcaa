// Is a file under a Helm chart's templates/ (a directory whose parent holds Chart.yaml)? Such a
// file is a template, never analysed as YAML (rules.md, Rendered sources); the engine is pure, so
// the CLI, the server and the parse workers tell it (ParseLimits.chartTemplate).
import * as fs from 'fs';
import * as path from 'path';

/** A predicate over index keys; `toPath` maps a key to its absolute path (null: not a file). It
 *  stats only for files below a directory named templates, so nothing is kept between calls (a
 *  Chart.yaml created later counts at once). */
export function chartTemplatePredicate(toPath: (key: string) => string | null): (key: string) => boolean {
  return (key) => {
    const p = toPath(key);
    if (!p) return false;
    for (let dir = path.dirname(p); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (path.basename(dir) === 'templates' && fs.existsSync(path.join(path.dirname(dir), 'Chart.yaml'))) return true;
    }
    return false;
  };
}
