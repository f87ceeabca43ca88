/**
 * How a typed name is matched against a warning's subject, the same on every PC and on the
 * server. A partner only ever holds keyed hashes, so typo tolerance cannot compare strings:
 * each side turns a name into tagged variants, the variants are hashed, and two names match
 * when a probe of one meets a stored variant of the other. The tags keep the variant kinds
 * apart, so exactly the names within one edit (insert, delete, substitute, swap two
 * neighbours) match, and no pair two edits apart does.
 */

/** Particles a Dutch surname may carry or drop ("van der Berg", "Berg"): ignored when matching. */
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'het', 't', 'te', 'ter', 'ten', 'in', 'op', 'aan', 'la', 'le', 'du', 'von', 'vd', 'v', 'd', 'vander', 'vanden', 'vande', 'vant', 'vanter', 'opde', 'inde', 'uit', 'uijt']);

/**
 * Lower case, no accents, no particles, letters and digits only, words run together:
 * "Jan van 't Hoff" and "jan hoff" are one name, as are "Çelik" and "celik".
 */
export function normaliseName(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ĳ/g, 'ij');
  const words = plain.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  const kept = words.filter((word) => !PARTICLES.has(word));
  // A name made only of particles ("De") is still a name: keep it rather than match everything.
  return (kept.length > 0 ? kept : words).join('');
}

/** Code points, so an accent-free name with a letter outside the BMP still counts one per letter. */
const without = (chars: readonly string[], i: number) => [...chars.slice(0, i), ...chars.slice(i + 1)].join('');

/** What a warning stores (hashed) for its subject's normalised name. */
export function storedVariants(normalised: string): string[] {
  const out = new Set<string>([`=${normalised}`]);
  const chars = [...normalised];
  for (let i = 0; i < chars.length; i += 1) {
    out.add(`d${without(chars, i)}`);
    out.add(`s${i}:${without(chars, i)}`);
    const next = chars[i + 1];
    if (next !== undefined && next !== chars[i]) out.add(`t${[...chars.slice(0, i), next, chars[i], ...chars.slice(i + 2)].join('')}`);
  }
  return [...out];
}

/** What a lookup hashes for the typed name; one probe meeting one stored variant is a hit. */
export function probeVariants(normalised: string): string[] {
  const out = new Set<string>([`=${normalised}`, `t${normalised}`, `d${normalised}`]);
  const chars = [...normalised];
  for (let i = 0; i < chars.length; i += 1) {
    out.add(`=${without(chars, i)}`);
    out.add(`s${i}:${without(chars, i)}`);
  }
  return [...out];
}

/** Optimal string alignment distance (Damerau: adjacent swaps count one), for tests and own rows. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i += 1) {
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[x.length] as number[])[y.length] as number;
}
