// Names that are nearly right: the nearest Service to a dangling reference, and the one a typo
// away (ingress-backend-missing, service-reference-dangling).

/** Levenshtein distance (insert, delete, substitute one character), stopping early above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < best) best = cur[j];
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate nearest to `name` (fewest edits; the first in list order on a tie), when it is a
 *  plausible mistake: at most half the name's length in edits away, or one name a dash-separated
 *  part of the other (`web` and `storefront-web`: a rename that added a prefix). */
export function nearestName<T>(name: string, candidates: readonly T[], nameOf: (c: T) => string): T | undefined {
  let best: T | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 2));
  for (const c of candidates) {
    const other = nameOf(c);
    const d = editDistance(name, other);
    if (d < bestD && (d <= limit || dashPart(name, other) || dashPart(other, name))) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** Is `part` one or more whole dash-separated parts of `whole`? */
function dashPart(part: string, whole: string): boolean {
  if (!part || part.length >= whole.length) return false;
  return whole.startsWith(`${part}-`) || whole.endsWith(`-${part}`) || whole.includes(`-${part}-`);
}

/** The one candidate exactly one edit away from `name`, if there is exactly one. */
export function oneEditAway<T>(name: string, candidates: readonly T[], nameOf: (c: T) => string): T | undefined {
  const near = candidates.filter((c) => editDistance(name, nameOf(c), 1) === 1);
  const names = new Set(near.map(nameOf));
  return names.size === 1 ? near[0] : undefined;
}
