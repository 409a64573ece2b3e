// Names that read alike: "a1ice", "aIice" (an I for the l), "alice_" and "al.ice" look like
// "alice" at a glance. Names are ASCII letters, digits and . _ - (NFKC and lowercase first), so
// look-alikes come from digits and letters that pass for one another, runs that pass for one
// letter (rn, vv, cl), and punctuation nobody notices.
const RUNS: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];
const SINGLES: Record<string, string> = { '0': 'o', '1': 'l', i: 'l', '5': 's', '2': 'z', '8': 'b', '6': 'b', '9': 'g', '4': 'a', '3': 'e', '7': 't' };

/** What a name looks like: two names with the same skeleton are easily taken for each other. */
export function skeletonOf(name: string): string {
  // Letters first, then runs: "c1aire" must become "claire" before "cl" reads as "d".
  let s = [...name.normalize('NFKC').toLowerCase().replace(/[._-]/g, '')].map((c) => SINGLES[c] ?? c).join('');
  for (const [run, letter] of RUNS) s = s.replace(run, letter);
  return s;
}
